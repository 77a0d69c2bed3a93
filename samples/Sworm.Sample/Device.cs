using Microsoft.Extensions.Logging;
using Proto;
using Sworm;

namespace Sworm.Sample;

public sealed record Reading(double Celsius);
public sealed record GetStatus;
public sealed record DeviceStatus(string Id, string Room, int Readings, double Last, string Member);
public sealed record Fail;

/// <summary>A device: its spec carries the id and room; the logger comes from the hosting member's DI.</summary>
[SwormWorker]
public partial class Device(string id, string room, [FromServices] ILogger<Device> log) : IActor
{
    private int _readings;
    private double _last;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                log.LogDebug("device {Id} started as {Pid}", id, context.Self);
                break;
            case Reading reading:
                _readings++;
                _last = reading.Celsius;
                break;
            case GetStatus:
                context.Respond(new DeviceStatus(id, room, _readings, _last, context.System.Address));
                break;
            case Fail:
                throw new InvalidOperationException($"device {id} was told to fail");
        }

        return Task.CompletedTask;
    }
}
