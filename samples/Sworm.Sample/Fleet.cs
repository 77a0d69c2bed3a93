using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Proto;
using Sworm;

namespace Sworm.Sample;

/// <summary>
/// The device fleet: this process runs the first member (the seed, which registers the devices, sends them
/// readings and serves the dashboard); the other members are child processes of this same program.
/// </summary>
internal sealed class Fleet : IAsyncDisposable
{
    private readonly SampleOptions _options;
    private readonly IHost _host;
    private readonly IDisposable _subscription;
    private readonly LinkedList<FleetEvent> _events = new();
    private readonly SemaphoreSlim _readingsGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private long _sent;
    private long _failedSends;
    private int _restarts;
    private int _failovers;
    private int _handoffs;
    private volatile bool _paused = true;
    private Task _readings = Task.CompletedTask;
    private (long Sent, long Ticks) _rateMark = (0, Stopwatch.GetTimestamp());
    private double _rate;

    private Fleet(SampleOptions options, IHost host)
    {
        _options = options;
        _host = host;
        Devices = host.Services.GetRequiredService<Devices>();
        Monitor = host.Services.GetRequiredService<ISwormMonitor>();
        Address = host.Services.GetRequiredService<ActorSystem>().Address;
        _subscription = Monitor.Subscribe(e =>
        {
            // Membership events are shown once, from this member; sworm events come from every member.
            if (e is not WorkerStarted)
            {
                Record(e.Member, e.GetType().Name, EventText.Of(e));
            }
        });
    }

    public Devices Devices { get; }

    /// <summary>Cancelled when this process is asked to stop (SIGTERM, or Ctrl+C seen by the member's host).</summary>
    public CancellationToken Stopping => _host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
    public ISwormMonitor Monitor { get; }
    public string Address { get; }
    public List<ChildProcess> Children { get; } = [];
    public int DeviceCount => _options.Devices;
    public int Restarts => _restarts;
    public int Failovers => _failovers;
    public int Handoffs => _handoffs;
    public long FailedSends => Interlocked.Read(ref _failedSends);
    public IReadOnlyList<FleetEvent> RecentEvents
    {
        get
        {
            lock (_events)
            {
                return _events.Reverse().ToList();
            }
        }
    }

    public static string DeviceName(int i) => $"device-{i:D5}";

    public static async Task<Fleet> Start(SampleOptions options)
    {
        var host = MemberHost.Build(options.Cluster, options.Port, seed: null, options.Consul, logToStderr: false);
        await host.StartAsync();
        var fleet = new Fleet(options, host);
        for (var i = 1; i < options.Members; i++)
        {
            await fleet.AddMember();
        }

        return fleet;
    }

    public async Task<ChildProcess> AddMember()
    {
        var child = await ChildProcess.Start(_options.Cluster, Address, _options.Consul, Record);
        lock (Children)
        {
            Children.Add(child);
        }

        await WaitFor(() => Monitor.Status().ClusterMembers.Contains(child.Address), TimeSpan.FromSeconds(30), $"{child.Address} to join");
        return child;
    }

    /// <summary>Registers the devices from this member, 64 at a time; the cluster places them.</summary>
    public async Task RegisterDevices(Action<int>? progress = null)
    {
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, DeviceCount), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            var name = DeviceName(i);
            await Devices.RegisterName(name, Device.Spec(id: name), ct);
            progress?.Invoke(Interlocked.Increment(ref done));
        });
    }

    public void StartReadings()
    {
        _paused = false;
        if (_readings.IsCompleted)
        {
            _readings = Task.Run(SendReadings);
        }
    }

    /// <summary>Stops sending readings and waits until the batch in flight has been sent (so counters stand still).</summary>
    public async Task PauseReadings()
    {
        _paused = true;
        await _readingsGate.WaitAsync();
        _readingsGate.Release();
    }

    public IReadOnlyDictionary<string, int> DevicesPerMember()
    {
        var sworm = Monitor.Status().Sworms.FirstOrDefault(s => s.Name == Devices.SwormName);
        var perMember = Monitor.Status().ClusterMembers.ToDictionary(m => m, _ => 0, StringComparer.Ordinal);
        foreach (var (member, names) in sworm?.NamesPerMember ?? new Dictionary<string, int>())
        {
            perMember[member] = names;
        }

        return perMember;
    }

    /// <summary>Messages sent per second since the last call.</summary>
    public double MessagesPerSecond()
    {
        var now = Stopwatch.GetTimestamp();
        var sent = Interlocked.Read(ref _sent);
        var seconds = Stopwatch.GetElapsedTime(_rateMark.Ticks, now).TotalSeconds;
        if (seconds >= 0.5)
        {
            _rate = (sent - _rateMark.Sent) / seconds;
            _rateMark = (sent, now);
        }

        return _rate;
    }

    public ChildProcess? ChildWithMostDevices()
    {
        var perMember = DevicesPerMember();
        lock (Children)
        {
            return Children.Where(c => !c.Exited).OrderByDescending(c => perMember.GetValueOrDefault(c.Address)).FirstOrDefault();
        }
    }

    public void Forget(ChildProcess child)
    {
        lock (Children)
        {
            Children.Remove(child);
        }
    }

    public void Record(string member, string kind, string text)
    {
        switch (kind)
        {
            case nameof(WorkerRestarted): Interlocked.Increment(ref _restarts); break;
            case nameof(NameRestored): Interlocked.Increment(ref _failovers); break;
            case nameof(NameHandedOff): Interlocked.Increment(ref _handoffs); break;
        }

        lock (_events)
        {
            // A burst of one kind from one member (a failover of thousands of devices) is one line with a count,
            // even while other members' bursts interleave with it.
            var now = DateTime.Now;
            for (var node = kind.StartsWith("Member", StringComparison.Ordinal) ? null : _events.Last; node is not null; node = node.Previous)
            {
                if (node.Value is var alike && alike.Member == member && alike.Kind == kind && now - alike.At < TimeSpan.FromSeconds(2))
                {
                    node.Value = alike with { At = now, Count = alike.Count + 1 };
                    return;
                }
            }

            _events.AddLast(new FleetEvent(now, member, kind, text));
            if (_events.Count > 12)
            {
                _events.RemoveFirst();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _paused = true;
        await _stop.CancelAsync();
        await _readings;
        ChildProcess[] children;
        lock (Children)
        {
            children = [.. Children];
        }

        await Task.WhenAll(children.Select(c => c.DisposeAsync().AsTask()));
        _subscription.Dispose();
        await _host.StopAsync();
        _host.Dispose();
        _stop.Dispose();
    }

    public static async Task WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    // Ten batches a second of Rate/10 readings to random devices, by name, from this member.
    private async Task SendReadings()
    {
        var random = new Random(42);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (_paused)
                {
                    continue;
                }

                await _readingsGate.WaitAsync(_stop.Token);
                try
                {
                    var batch = Enumerable.Range(0, Math.Max(1, _options.Rate / 10))
                        .Select(_ => Send(DeviceName(random.Next(DeviceCount)), new Reading(18 + random.NextDouble() * 8)));
                    await Task.WhenAll(batch);
                }
                finally
                {
                    _readingsGate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task Send(string name, Reading reading)
    {
        try
        {
            if (await Devices.Send(name, reading, _stop.Token))
            {
                Interlocked.Increment(ref _sent);
                return;
            }
        }
        catch (Exception) when (!_stop.IsCancellationRequested)
        {
            // A name in the middle of a failover: counted as a failed send, shown in the console.
        }

        Interlocked.Increment(ref _failedSends);
    }
}
