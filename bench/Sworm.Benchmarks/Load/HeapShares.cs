using Proto;
using Sworm.Registry;
using Sworm.Supervision;
using Sworm.Supervision.Failover;
using Sworm.Testing.Fixtures;

namespace Sworm.Benchmarks.Load;

/// <summary>
/// The parts of a supervised name's heap, each measured alone (<c>GC.GetTotalMemory</c> after a full collection,
/// before and after N of them, divided by N): a bare Proto actor, the bench's worker, one registry replica entry, one
/// spec copy as the spec store keeps it, and what an actor costs with Sworm's small mailbox, with a child, and as a named
/// child of a host (the shape of a name host's delegate). Command: <c>-- heap-shares [--names N]</c>.
/// </summary>
internal static class HeapShares
{
    public static async Task<string> Run(int count)
    {
        var lines = new List<string> { $"| part (one per name unless said) | bytes per name (N = {count:N0}) |", "|---|---:|" };
        var system = new ActorSystem();
        var keep = new List<object>(count);

        lines.Add($"| bare Proto actor (`Props.FromFunc`, context + mailbox + PID + registry slot) | {Measure(keep, count, i => system.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask))):N0} |");
        var small = Props.FromFunc(_ => Task.CompletedTask).WithMailbox(NameMailbox.Create);
        lines.Add($"| bare actor with Sworm's small mailbox (`NameMailbox`: a name's delegate and worker use it) | {Measure(keep, count, i => system.Root.Spawn(small)):N0} |");
        // The child is spawned in the parent's Started, which runs after Spawn returns: wait for every child.
        using var spawned = new CountdownEvent(count);
        var parent = Props.FromFunc(c =>
        {
            if (c.Message is Started)
            {
                c.Spawn(small);
                spawned.Signal();
            }

            return Task.CompletedTask;
        }).WithMailbox(NameMailbox.Create);
        lines.Add($"| small-mailbox actor with one child, **both counted** (a delegate and its worker; Proto allocates the parent's context extras) | {MeasureOnce(count, () =>
        {
            for (var i = 0; i < count; i++)
            {
                system.Root.Spawn(parent);
            }

            spawned.Wait(TimeSpan.FromMinutes(1));
        }):N0} |");
        var host = system.Root.Spawn(Props.FromFunc(c =>
        {
            if (c.Message is int n)
            {
                for (var i = 0; i < n; i++)
                {
                    c.SpawnNamed(small, $"name-{i:D7}");
                }

                c.Respond(n);
            }

            return Task.CompletedTask;
        }));
        lines.Add($"| small-mailbox actor spawned as a named child of one host (a name host's delegate: + the host's child set) | {MeasureOnce(count, () => system.Root.RequestAsync<int>(host, count).GetAwaiter().GetResult()):N0} |");
        lines.Add($"| the bench's worker (`PlacedWorker`, incl. the test fixture's per-label construction counter) | {Measure(keep, count, i => system.Root.Spawn(Props.FromProducer(() => new PlacedWorker($"w-{i}")))):N0} |");
        var replica = new RegistryReplica();
        lines.Add($"| registry replica entry (name string + PID + `NameEntry` + dictionary slot), **per member** | {Measure(keep, count, i => { replica.Apply("src", i + 1, new RegistryChange(RegistryChangeKind.NameAdded, $"name-{i:D7}", new PID("127.0.0.1:40001", $"partition-activator/name-{i:D7}$x"))); return replica; }):N0} |");
        var copies = new Dictionary<string, SpecCopy>(StringComparer.Ordinal);
        lines.Add($"| spec copy in a spec store (`SpecCopy` + `WorkerSpec` with its JSON arguments + dictionary slot), **per copy** | {Measure(keep, count, i => { var name = $"name-{i:D7}"; copies[name] = new SpecCopy(name, PlacedWorker.Spec(name), "127.0.0.1:40001"); return copies; }):N0} |");
        await system.ShutdownAsync();
        GC.KeepAlive(keep);
        return string.Join('\n', lines);
    }

    private static long MeasureOnce(int count, Action make)
    {
        var before = Benchmarks.Measure.SettledHeap();
        make();
        return (Benchmarks.Measure.SettledHeap() - before) / count;
    }

    private static long Measure(List<object> keep, int count, Func<int, object> make)
    {
        var before = Benchmarks.Measure.SettledHeap();
        var made = new object[count];
        for (var i = 0; i < count; i++)
        {
            made[i] = make(i);
        }

        var after = Benchmarks.Measure.SettledHeap();
        keep.Add(made);
        // The array of references the measurement itself keeps is not part of the name.
        return (after - before - (long)IntPtr.Size * count) / count;
    }
}
