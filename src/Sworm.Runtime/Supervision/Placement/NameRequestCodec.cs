using Sworm.Serialization;
using Sworm.Supervision.Handoff;
using Sworm.Workers;

namespace Sworm.Supervision.Placement;

/// <summary>The binary form of a <see cref="NameRequest"/> (one per registration, claim or unregistration that goes to another member).</summary>
internal sealed class NameRequestCodec : WireCodec<NameRequest>
{
    private const byte Register = 1, Claim = 2, Unregister = 3;

    protected override void Write(WireWriter writer, NameRequest message)
    {
        writer.String(message.Name);
        writer.Number(message.Hops);
        switch (message.Message)
        {
            case RegisterSupervised register:
                writer.Byte(Register);
                WorkerSpecWire.Write(writer, register.Spec);
                writer.Bool(register.Restore);
                writer.String(register.TraceParent);
                writer.String(register.TraceState);
                writer.Bool(register.Handoff is not null);
                if (register.Handoff is { } arrival)
                {
                    writer.String(arrival.StoreAddress);
                    writer.Array(arrival.Groups, static (w, group) => w.String(group));
                }

                break;
            case ClaimName claim:
                writer.Byte(Claim);
                writer.Pid(claim.Pid);
                break;
            case UnregisterRequest unregister:
                writer.Byte(Unregister);
                writer.String(unregister.TraceParent);
                writer.String(unregister.TraceState);
                break;
        }
    }

    protected override NameRequest Read(ref WireReader reader)
    {
        var name = reader.String()!;
        var hops = (int)reader.Number();
        switch (reader.Byte())
        {
            case Register:
                var spec = WorkerSpecWire.Read(ref reader)!;
                var restore = reader.Bool();
                var traceParent = reader.String();
                var traceState = reader.String();
                HandoffArrival? arrival = null;
                if (reader.Bool())
                {
                    var store = reader.String();
                    var groups = reader.Array(static (ref WireReader r) => r.String()!);
                    arrival = new HandoffArrival(store, groups);
                }

                return new NameRequest(name, Register: new RegisterSupervised(spec, restore, traceParent, traceState, arrival), Hops: hops);
            case Claim:
                return new NameRequest(name, Claim: new ClaimName(reader.Pid()!), Hops: hops);
            case Unregister:
                var parent = reader.String();
                return new NameRequest(name, Unregister: new UnregisterRequest(parent, reader.String()), Hops: hops);
            default:
                throw new InvalidOperationException("A NameRequest arrived with an unknown message: every member must run the same Sworm version.");
        }
    }
}
