using Microsoft.Extensions.Logging;
using Sworm.Diagnostics;
using Sworm.Supervision.Failover;

namespace Sworm.Hosting;

/// <summary>
/// Specs carried across a rejoin (see <see cref="CarriedSpecs"/>): taken from the old incarnation's spec stores before
/// it shuts down, given to the new one's once it runs, so names that only the removed side knew are not lost.
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

    private static partial class CarryLog
    {
        [LoggerMessage(EventId = SwormEventIds.Hosting + 60, Level = LogLevel.Warning, Message = "Sworm {Sworm}: the specs of the old incarnation could not be carried over to the new one")]
        public static partial void SpecsNotCarried(ILogger logger, string sworm, Exception exception);
    }
}
