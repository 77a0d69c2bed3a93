using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Configuration;
using Sworm.Diagnostics;
using Sworm.Lifecycle;

namespace Sworm.Supervision.Handoff;

/// <summary>
/// One per handoff sworm per member (<c>$sworm/{sworm}/handoff</c>). A leaving worker's state is stored here, on a
/// member that stays, and acknowledged before the worker stops; the successor takes it (and it is gone) before its
/// worker starts. A state nobody takes (its successor never started: the leaver died mid-move) expires, so the store
/// cannot grow. It also notes which members announced they are leaving, for the member strategy. Once its own member
/// is leaving it stores nothing more (<see cref="HandoffStored.RefusedBy"/>), and the leave step waits until the states
/// stored before are taken (<see cref="HandoffStoreStatus.Awaited"/>).
/// </summary>
internal sealed partial class HandoffStoreActor(SwormSettings settings, Handoffs handoffs, ILogger logger) : IActor
{
    private readonly Dictionary<string, (byte[] Json, long StoredAt, string? From)> _states = new(StringComparer.Ordinal);
    private CancellationTokenSource? _sweep;

    private TimeSpan Expiry => settings.RequestTimeout * 6;

    // A successor is asked for right after its state is stored (its old worker's move-out takes at most 2 s).
    private TimeSpan AwaitedFor => settings.RequestTimeout;

    public Task ReceiveAsync(IContext context)
    {
        switch (context.Message)
        {
            case Started:
                _sweep = SystemTimers.SendRepeatedly(context, settings.RequestTimeout, SweepTick.Instance);
                break;
            case StoreHandoff store when handoffs.IsSelfLeaving:
                // This member leaves too: a successor placed here would have to move again, or be lost if it came late.
                context.Respond(new HandoffStored(RefusedBy: handoffs.SelfId));
                break;
            case StoreHandoff store:
                _states[store.Name] = (store.Json, Stopwatch.GetTimestamp(), store.From);
                context.Respond(new HandoffStored());
                break;
            case TakeHandoff take:
                context.Respond(new HandoffTaken(_states.Remove(take.Name, out var state) ? state.Json : null));
                break;
            case MemberLeaving leaving:
                handoffs.NoteLeaving(leaving.Id);
                context.Respond(new MemberLeavingNoted());
                break;
            case HandoffStoreStatusRequest:
                context.Respond(new HandoffStoreStatus(_states.Count, _states.Values.Count(s =>
                    Stopwatch.GetElapsedTime(s.StoredAt) < AwaitedFor && (s.From is null || handoffs.IsLiveMember(s.From)))));
                break;
            case SweepTick:
                foreach (var (name, stored) in _states.Where(s => Stopwatch.GetElapsedTime(s.Value.StoredAt) > Expiry).ToArray())
                {
                    _states.Remove(name);
                    Log.Expired(logger, settings.Name, name, Expiry);
                }

                break;
            case Stopping:
                _sweep?.Cancel();
                break;
        }

        return Task.CompletedTask;
    }

    private sealed record SweepTick
    {
        public static readonly SweepTick Instance = new();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SwormEventIds.Handoff + 20, Level = LogLevel.Warning, Message = "Handed-off state of '{Name}' in sworm {Sworm} was not taken by a successor within {Expiry}: dropped")]
        public static partial void Expired(ILogger logger, string sworm, string name, TimeSpan expiry);
    }
}
