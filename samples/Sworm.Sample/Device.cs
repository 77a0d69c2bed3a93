using Microsoft.Extensions.Logging;
using Proto;
using Sworm;

namespace Sworm.Sample;

/// <summary>A temperature reading sent to a device.</summary>
public sealed record Reading(double Celsius);

/// <summary>Asks a device for its <see cref="DeviceStatus"/>.</summary>
public sealed record GetStatus;

/// <summary>A device's answer: its id, how many readings it counted, the last one, and the member it runs on.</summary>
public sealed record DeviceStatus(string Id, int Readings, double Last, string Member);

/// <summary>What a device hands to its successor when its member stops gracefully.</summary>
public sealed record DeviceState(int Readings, double Last);

/// <summary>A device: its spec carries the id; the logger comes from the hosting member's DI.</summary>
[SwormWorker]
public partial class Device(string id, [FromServices] ILogger<Device> log) : IActor
{
    private int _readings;
    private double _last;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Reading reading:
                _readings++;
                _last = reading.Celsius;
                break;
            case GetStatus:
                context.Respond(new DeviceStatus(id, _readings, _last, context.System.Address));
                break;
            case Devices.BeginHandoff handoff:
                // The member is leaving gracefully: pass the counter on instead of starting over elsewhere.
                handoff.Reply(context, new DeviceState(_readings, _last));
                break;
            case Devices.EndHandoff handedOver:
                var state = handedOver.State<DeviceState>();
                _readings = state.Readings;
                _last = state.Last;
                log.LogDebug("device {Id} continues with {Readings} readings", id, _readings);
                break;
        }

        return Task.CompletedTask;
    }
}
