using Proto;
using Sworm.Registry;
using Sworm.Serialization;
using Sworm.Supervision;
using Sworm.Supervision.Handoff;
using Sworm.Supervision.Placement;
using Sworm.Sworms;
using Xunit;

namespace Sworm.Runtime.Tests.Serialization;

/// <summary>The binary forms of Sworm's hot records: every field crosses, null stays null, and a foreign format is a clear error.</summary>
public sealed class WireCodecsTests
{
    private static readonly SwormWireSerializer Serializer = new(WireCodecs.All);
    private static readonly WorkerSpec Spec = new("Some.Worker", "System.String,System.Int32", "[\"déjà vu\",-7]");
    private static readonly PID Pid = new("127.0.0.1:4000", "$sworm/x/names/worker$42") { RequestId = 300 };

    private static T RoundTrip<T>(T message) where T : class
    {
        var bytes = Serializer.Serialize(message);
        Assert.NotEqual((byte)'{', bytes[0]); // binary, not JSON
        return Assert.IsType<T>(Serializer.Deserialize(bytes, Serializer.GetTypeName(message)));
    }

    [Fact]
    public void A_name_request_crosses_with_each_message_it_can_carry()
    {
        var register = new NameRequest("device-1", Register: new RegisterSupervised(Spec, Restore: true, TraceParent: "00-abc-def-01", TraceState: null), Hops: 2);
        var back = RoundTrip(register);
        Assert.Equal(register, back); // Spec, flags and trace strings are values; no handoff

        var arriving = new NameRequest("device-2", Register: new RegisterSupervised(Spec, Handoff: new HandoffArrival("127.0.0.1:4001", ["g1", ""])));
        var arrived = RoundTrip(arriving).Register!.Handoff!;
        Assert.Equal("127.0.0.1:4001", arrived.StoreAddress);
        Assert.Equal(["g1", ""], arrived.Groups!);
        Assert.Null(RoundTrip(new NameRequest("d", Register: new RegisterSupervised(Spec, Handoff: new HandoffArrival(null)))).Register!.Handoff!.Groups);

        var claim = RoundTrip(new NameRequest("device-3", Claim: new ClaimName(Pid)));
        Assert.Equal(Pid, claim.Claim!.Pid);
        Assert.Equal(300u, claim.Claim.Pid.RequestId);
        Assert.Equal(new NameRequest("device-4", Unregister: new UnregisterRequest("tp", "ts"), Hops: 1), RoundTrip(new NameRequest("device-4", Unregister: new UnregisterRequest("tp", "ts"), Hops: 1)));
    }

    [Fact]
    public void A_delegate_reply_crosses_with_and_without_its_optional_fields()
    {
        var started = new DelegateReply(DelegateOutcome.Started, Pid, "member-a", long.MaxValue, null);
        Assert.Equal(started, RoundTrip(started));
        Assert.Equal(DelegateReply.Failed("boom: ✗"), RoundTrip(DelegateReply.Failed("boom: ✗")));
        Assert.Equal(DelegateReply.NotFound, RoundTrip(DelegateReply.NotFound));
    }

    [Fact]
    public void A_registry_delta_crosses_with_its_changes_and_the_specs_it_carries()
    {
        var sentAt = new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero).AddTicks(7);
        var delta = new RegistryDelta("member-a", 41,
            [new RegistryChange(RegistryChangeKind.NameAdded, "n1", Pid), new RegistryChange(RegistryChangeKind.GroupLeft, "g", new PID("a:1", "p"))],
            sentAt, [new CarriedSpec("n1", Spec), new CarriedSpec("gone", null)]);

        var back = RoundTrip(delta);
        Assert.Equal(("member-a", 41L, sentAt), (back.Source, back.FirstSequence, back.SentAt!.Value));
        Assert.Equal(delta.Changes, back.Changes);
        Assert.Equal(delta.Specs, back.Specs);

        var bare = RoundTrip(new RegistryDelta("member-b", 1, []));
        Assert.Empty(bare.Changes);
        Assert.Null(bare.SentAt);
        Assert.Null(bare.Specs);
        Assert.Equal(new SpecsAcknowledged(-1, "member-c"), RoundTrip(new SpecsAcknowledged(-1, "member-c")));
    }

    [Fact]
    public void A_record_in_another_format_is_an_error_that_names_the_version_mismatch()
    {
        var bytes = Serializer.Serialize(new DelegateReply(DelegateOutcome.Removed, null, null, 0, null)).ToByteArray();
        var typeName = Serializer.GetTypeName(DelegateReply.Removed);

        var newer = (byte[])bytes.Clone();
        newer[0] = 2;
        Assert.Contains("same Sworm version", Assert.Throws<InvalidOperationException>(() => Serializer.Deserialize(Google.Protobuf.ByteString.CopyFrom(newer), typeName)).Message);
        Assert.Contains("same Sworm version", Assert.Throws<InvalidOperationException>(() => Serializer.Deserialize(Google.Protobuf.ByteString.CopyFrom(bytes[..^1]), typeName)).Message);
        Assert.Contains("same Sworm version", Assert.Throws<InvalidOperationException>(() => Serializer.Deserialize(Google.Protobuf.ByteString.CopyFrom([.. bytes, 0]), typeName)).Message);
    }
}
