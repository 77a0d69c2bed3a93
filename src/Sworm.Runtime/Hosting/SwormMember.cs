using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Proto;
using Proto.Cluster;
using Sworm.Configuration;
using Sworm.Diagnostics;
using Sworm.Lifecycle;
using Sworm.Membership;
using Sworm.Sworms;

namespace Sworm.Hosting;

/// <summary>
/// Read first in this folder. This process's membership in a Sworm cluster, one per DI container (so several
/// members can share a process). It has three jobs: build the Proto <see cref="ActorSystem"/> and
/// <see cref="Proto.Cluster.Cluster"/> (with the membership provider the options chose), compose one
/// <see cref="SwormRuntime"/> per sworm added on this member, and run the ordered start and leave steps.
/// </summary>
internal sealed partial class SwormMember : IAsyncDisposable
{
    private readonly Dictionary<string, SwormRuntime> _sworms = new(StringComparer.Ordinal);
    private readonly List<IMemberStep> _startSteps = [];
    private readonly List<IMemberStep> _leaveSteps = [];
    private readonly List<IMemberStep> _addedLeaveSteps = [];
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IServiceProvider _services;

    // One incarnation change (start, rejoin, stop) at a time.
    private readonly SemaphoreSlim _incarnation = new(1, 1);
    private bool _spawnedBeforeJoin;

    /// <exception cref="SwormConfigurationException">An option of the cluster or of a sworm is invalid.</exception>
    public SwormMember(
        SwormClusterOptions options,
        IEnumerable<SwormRegistration> registrations,
        IOptionsMonitor<SwormOptions> swormOptions,
        IServiceProvider services,
        ILoggerFactory loggerFactory)
    {
        options.Validate();
        Options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Sworm.Member");

        foreach (var registration in registrations)
        {
            var name = registration.Declaration.Name;
            var resolved = swormOptions.Get(name);
            SwormOptionsValidator.Validate(resolved, name);
            _sworms.Add(name, new SwormRuntime(new SwormSettings(name, resolved, options.RequestTimeout), Lifecycle, services, loggerFactory, registration.Declaration));
        }

        _services = services;
        AttachDiagnostics(services);
        Build(Options.Port, rejoinThrough: null);
    }

    public SwormClusterOptions Options { get; }
    public MemberLifecycle Lifecycle { get; } = new();
    /// <summary>The current incarnation's actor system (a new one after a rejoin).</summary>
    public ActorSystem System { get; private set; } = null!;

    /// <summary>The current incarnation's cluster.</summary>
    public Cluster Cluster { get; private set; } = null!;

    public SwormClient Client(string sworm) => new(_sworms[sworm]);

    /// <summary>One sworm's runtime on this member (diagnostics and tests).</summary>
    internal SwormRuntime RuntimeOf(string sworm) => _sworms[sworm];

    /// <summary>Adds a step to the member's graceful leave (capabilities such as handoff plug in here).</summary>
    internal void AddLeaveStep(IMemberStep step) => _addedLeaveSteps.Add(step);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Lifecycle.State != MemberState.NotStarted)
        {
            throw new InvalidOperationException("This Sworm member was already started; a member starts once per host.");
        }

        Lifecycle.MoveTo(MemberState.Starting);
        ProtoLogging.Attach(_loggerFactory);
        await _incarnation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StartIncarnation(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Lifecycle.MoveTo(MemberState.Stopped);
            // Graceful even here: Proto 1.8.0's non-graceful shutdown waits ~30 s on its open connections.
            await ShutdownQuietly().ConfigureAwait(false);
            ProtoLogging.Detach(_loggerFactory);
            throw;
        }
        finally
        {
            _incarnation.Release();
        }

        Lifecycle.MoveTo(MemberState.Running);
        Log.Started(_logger, System.Address, Options.ClusterName, string.Join(", ", _sworms.Keys));
    }

    /// <summary>The graceful leave: calls are refused, then each leave step runs in stage order, then Proto's shutdown.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Lifecycle.State is not (MemberState.Running or MemberState.Starting or MemberState.Rejoining))
        {
            return;
        }

        var rejoining = Lifecycle.State == MemberState.Rejoining;
        Lifecycle.MoveTo(MemberState.Stopping);
        await _incarnation.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await LeaveAsync(skipSteps: rejoining, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _incarnation.Release();
        }
    }

    private async Task LeaveAsync(bool skipSteps, CancellationToken cancellationToken)
    {
        if (skipSteps)
        {
            await ShutdownQuietly().ConfigureAwait(false);
            Lifecycle.MoveTo(MemberState.Stopped);
            ProtoLogging.Detach(_loggerFactory);
            return;
        }

        foreach (var step in _leaveSteps.Concat(_addedLeaveSteps).OrderBy(s => s.Stage))
        {
            try
            {
                await step.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.LeaveStepFailed(_logger, step.Name, e);
            }
        }

        await ShutdownQuietly().ConfigureAwait(false);
        Lifecycle.MoveTo(MemberState.Stopped);
        Log.Stopped(_logger, System.Address);
        ProtoLogging.Detach(_loggerFactory);
    }

    public async ValueTask DisposeAsync()
    {
        if (Lifecycle.State is MemberState.Running or MemberState.Starting)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void ReleaseSharedFutures()
    {
        try
        {
            if (!ProtoSharedFutures.Release(System))
            {
                Log.SharedFuturesKept(_logger, System.Address);
            }
        }
        catch (Exception e)
        {
            Log.ShutdownFailed(_logger, e);
        }
    }

    /// <summary>
    /// Stops every sworm's delegates and workers (their name hosts), announces the leave to the peers, then Proto's shutdown, graceful in every case
    /// (a non-graceful one leaves Proto's own actors running in memory), and lets the stopped system be collected.
    /// </summary>
    private async Task ShutdownQuietly()
    {
        try
        {
            await Task.WhenAll(_sworms.Values.Select(s => s.StopNameHost())).ConfigureAwait(false);
            if (Cluster.Config.ClusterProvider is ILeaveAnnouncer announcer)
            {
                // Before Proto gossips the leave: a peer that hears of it second hand first would report a crash.
                await announcer.AnnounceLeaveAsync().ConfigureAwait(false);
            }

            await Cluster.ShutdownAsync(graceful: true, "Sworm member stopping").ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.ShutdownFailed(_logger, e);
        }
        finally
        {
            ReleaseSharedFutures(); // or this incarnation stays in memory for good (see ProtoSharedFutures)
        }
    }
}
