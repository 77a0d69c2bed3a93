using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;
using Sworm.Supervision.Failover;
using Sworm.Supervision.Handoff;

namespace Sworm.Hosting;

/// <summary>
/// Specs carried across a rejoin (see <see cref="CarriedSpecs"/>): taken from the old incarnation's spec stores before
/// it shuts down, given to the new one's once it runs, so names that only the removed side knew are not lost. With them
/// the states of its handoff workers, for the winners of their names (<see cref="ConflictCarry"/>).
/// </summary>
internal sealed partial class SwormMember
{
    private async Task<Dictionary<string, CarriedSpecs>> ExportSpecs()
    {
        var carried = new Dictionary<string, CarriedSpecs>(StringComparer.Ordinal);
        foreach (var (name, sworm) in _sworms)
        {
            try
            {
                carried[name] = await sworm.ExportSpecs().ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or Proto.DeadLetterException)
            {
                // A store that does not answer has nothing to carry; the other members still restore what they know.
                CarryLog.SpecsNotCarried(_logger, name, e);
            }
        }

        return carried;
    }

    private void AdoptSpecs(Dictionary<string, CarriedSpecs> carried)
    {
        foreach (var (name, specs) in carried)
        {
            if (specs.Copies.Length > 0 && _sworms.TryGetValue(name, out var sworm))
            {
                sworm.AdoptSpecs(specs);
            }
        }
    }

    /// <summary>The old incarnation's handoff workers' states, per sworm (the winners of their names receive them after the rejoin).</summary>
    private async Task<Dictionary<string, ConflictStateCaptured[]>> CaptureConflictStates()
    {
        var captured = new Dictionary<string, ConflictStateCaptured[]>(StringComparer.Ordinal);
        foreach (var (name, sworm) in _sworms)
        {
            captured[name] = await sworm.CaptureConflictStates().ConfigureAwait(false);
        }

        return captured;
    }

    /// <summary>
    /// Delivers the carried states in the background (each call is bounded): the targets are chosen now, before the
    /// carried specs restore anything, and the rejoin does not wait for the deliveries.
    /// </summary>
    private void DeliverConflictStates(Dictionary<string, ConflictStateCaptured[]> captured)
    {
        foreach (var (name, states) in captured)
        {
            if (_sworms.TryGetValue(name, out var sworm))
            {
                _ = sworm.DeliverConflictStates(states);
            }
        }
    }

    private static partial class CarryLog
    {
        [LoggerMessage(EventId = SwormEventIds.Hosting + 60, Level = LogLevel.Warning, Message = "Sworm {Sworm}: the specs of the old incarnation could not be carried over to the new one")]
        public static partial void SpecsNotCarried(ILogger logger, string sworm, Exception exception);
    }
}
