using System.Diagnostics;

namespace Sworm.Membership.Consul;

/// <summary>The provider's three background loops (see the class comment in ConsulProvider.cs).</summary>
internal sealed partial class ConsulProvider
{
    private async Task TtlLoopAsync()
    {
        var stop = _stop.Token;
        var failing = false;
        using var timer = new PeriodicTimer(_options.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            try
            {
                try
                {
                    await _client!.PassAsync(_serviceId, stop).ConfigureAwait(false);
                }
                catch (ConsulAgentException e) when (!ConsulAgentClient.IsAccessDenied(e))
                {
                    // 404 "Unknown check ID" (or a 500 on older agents): the agent lost our registration, as a
                    // restarted dev agent does. Register again; the new check starts passing.
                    Log.ReRegistering(_logger, _serviceId, _agentAddress, e.Message);
                    await RegisterAsync(stop).ConfigureAwait(false);
                    lock (_lock) _view!.StartGrace();
                }
                if (failing) Log.AgentBack(_logger, _agentAddress);
                failing = false;
            }
            catch (Exception e) when (e is ConsulAgentException or HttpRequestException or TimeoutException)
            {
                if (!failing) Log.PassFailed(_logger, _agentAddress, e.Message);
                failing = true;
                lock (_lock) _view!.StartGrace();
            }
        }
    }

    private async Task WatchLoopAsync(long index)
    {
        var stop = _stop.Token;
        var backoff = TimeSpan.FromMilliseconds(250);
        var failing = false;
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = await _client!.HealthAsync(_serviceName, index, _options.BlockingWait, stop).ConfigureAwait(false);
                if (failing) Log.AgentBack(_logger, _agentAddress);
                failing = false;
                backoff = TimeSpan.FromMilliseconds(250);
                lock (_lock)
                {
                    // Consul's rules: an index that goes backwards (agent restarted, catalog rebuilt) resets the
                    // watch to 0; an index that is not above 0 is a bug of the agent and also resets (to 0, which
                    // makes the next query non-blocking; the rate limit below keeps that from spinning).
                    if (result.Index < index || result.Index <= 0)
                    {
                        Log.IndexReset(_logger, _agentAddress, index, result.Index);
                        _view!.IndexReset();
                        index = 0;
                    }
                    else
                    {
                        index = result.Index;
                    }
                    _view!.Listed(result);
                }
                Publish();
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (elapsed < MinQueryInterval) await Task.Delay(MinQueryInterval - elapsed, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ConsulAgentException or HttpRequestException or TimeoutException or System.Text.Json.JsonException)
            {
                // Keep the last known view; the grace period stops members that vanish from a recovering agent
                // from being dropped. Start over with a non-blocking read: the agent may be a new one.
                if (!failing) Log.WatchFailed(_logger, _agentAddress, e.Message);
                failing = true;
                lock (_lock) _view!.StartGrace();
                index = 0;
                await Task.Delay(backoff, stop).ConfigureAwait(false);
                backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
            }
        }
    }

    private async Task ProbeLoopAsync()
    {
        var stop = _stop.Token;
        using var timer = new PeriodicTimer(ProbeInterval);
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            var others = Members.Where(m => m.Id != _self!.Id).ToList();
            if (others.Count == 0) continue;
            var outcomes = await Task.WhenAll(others.Select(async m => (Member: m, Outcome: await TcpProbe.ProbeAsync(m.Host, m.Port, ProbeTimeout).ConfigureAwait(false))))
                .ConfigureAwait(false);
            var removed = false;
            lock (_lock)
            {
                foreach (var (member, outcome) in outcomes)
                {
                    if (outcome != ProbeOutcome.Refused) continue;
                    if (_view!.Suppress(member.Id))
                    {
                        Log.MemberGone(_logger, member.Id, member.Address);
                        removed = true;
                    }
                }
            }
            if (removed) Publish();
        }
    }
}
