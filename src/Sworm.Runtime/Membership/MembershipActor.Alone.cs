using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm.Configuration;
using Sworm.Diagnostics;

namespace Sworm.Membership;

/// <summary>
/// A member alone in its view while its seeds run a cluster rejoins that cluster. The heal rules (see
/// <c>MembershipActor.Heal.cs</c>) merge two sides that each remember the other as lost; a member can also end up
/// alone without remembering anyone (a rejoin admitted by a seed that was itself on its way out), and then the
/// other side waits for it forever. So a member alone for <see cref="AloneBeforeSeedCheck"/> asks its listening seeds
/// for their view, and if one runs the cluster without it, applies <see cref="MergeRule"/> to itself against that
/// view: the smaller side (or, one against one, the younger member) rejoins the other under a new identity.
/// Addresses of members it lost are never asked (no Proto traffic may cross a partition it saw: docs/partitions.md).
/// </summary>
internal sealed partial class MembershipActor
{
    /// <summary>How long a member is alone before it asks its seeds, and how often it asks again.</summary>
    internal static readonly TimeSpan AloneBeforeSeedCheck = TimeSpan.FromSeconds(5);

    private long _aloneSince;
    private long _lastSeedCheck;
    private bool _checkingSeeds;

    private void CheckSeedsWhenAlone(IContext context)
    {
        if (_declaredDead || state.Peers.Count > 0)
        {
            _aloneSince = 0;
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (_aloneSince == 0)
        {
            _aloneSince = now;
            return;
        }

        if (_checkingSeeds || Stopwatch.GetElapsedTime(_aloneSince, now) < AloneBeforeSeedCheck
            || (_lastSeedCheck != 0 && Stopwatch.GetElapsedTime(_lastSeedCheck, now) < AloneBeforeSeedCheck))
        {
            return;
        }

        var self = HostPort.Normalize(state.Self.Address);
        var seeds = options.Seeds.Select(HostPort.Normalize).Distinct(StringComparer.Ordinal)
            .Where(s => s != self && !state.IsQuarantined(s)).ToArray();
        if (seeds.Length == 0)
        {
            return;
        }

        _checkingSeeds = true;
        _lastSeedCheck = now;
        context.ReenterAfter(FindClusterWithoutMe(context.System.Root, seeds), task =>
        {
            _checkingSeeds = false;
            if (task.Result is { } found && !_declaredDead && !_leaving && state.Peers.Count == 0)
            {
                RejoinIfSmaller(found);
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>The view of the first listening seed that runs this cluster without this member; null if none does.</summary>
    private async Task<MembershipView?> FindClusterWithoutMe(IRootContext root, string[] seeds)
    {
        foreach (var seed in seeds)
        {
            HostPort.TryParse(seed, out var host, out var port);
            if (await TcpProbe.ProbeAsync(host, port, options.FailureDetection.ProbeTimeout).ConfigureAwait(false) != ProbeOutcome.Listening)
            {
                continue;
            }

            try
            {
                var view = await root.RequestAsync<MembershipView>(new PID(seed, ActorName), MembershipViewRequest.Instance, options.RequestTimeout)
                    .ConfigureAwait(false);
                if (view.ClusterName == state.ClusterName && view.Members.Any(m => m.Id != state.Self.Id) && view.Members.All(m => m.Id != state.Self.Id))
                {
                    return view;
                }
            }
            catch (Exception e) when (e is TimeoutException or DeadLetterException)
            {
                // Not a Sworm member yet, or busy: asked again later.
            }
        }

        return null;
    }

    private void RejoinIfSmaller(MembershipView found)
    {
        var theirs = found.Members.Where(m => m.Id != state.Self.Id).ToArray();
        if (!MergeRule.MySideLoses([state.Self], theirs))
        {
            return; // one against one and this member is older: the other one comes here
        }

        var addresses = theirs.Select(m => m.Address).ToArray();
        AloneLog.Rejoining(logger, state.Self.Id, found.SenderId, string.Join(", ", addresses.Order(StringComparer.Ordinal)));
        ShutDownSelf($"it was alone while {string.Join(", ", addresses)} ran the cluster without it", addresses);
    }

    private static partial class AloneLog
    {
        [LoggerMessage(EventId = SwormEventIds.Membership + 62, Level = LogLevel.Warning, Message = "Member {Id} is alone while seed {Seed} runs the cluster with {Members}: it rejoins them under a new identity")]
        public static partial void Rejoining(ILogger logger, string id, string seed, string members);
    }
}
