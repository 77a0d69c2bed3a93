// A Sworm member in its own OS process, running the fixtures' sworms, controlled over stdin/stdout:
//   Sworm.TestMember --cluster <name> [--seed host:port] [--host <bind address> --port <port>] [--consul <agent url> [--consul-token t]] [--advertise <host>] [--quorum <members>]
// Prints "SWORM-MEMBER <address> <member id>" once it has joined. Commands (one per line, answers on stdout):
//   register <name> <label>   -> "REGISTERED <Started|AlreadyStarted> <pid>"
//   whereis <name>            -> "WHEREIS <pid|null>"
//   count                     -> "COUNT <number of registered names>"
//   constructed <label>       -> "CONSTRUCTED <how many workers of that label this process built>"
//   claim <name> <group>      -> a plain process on this member, registered by pid and joined to the group: "CLAIMED <pid>"
//   registermany <prefix> <n> -> registers <prefix>-0 … <prefix>-(n-1) (label = name): "REGISTEREDMANY <started> <already> <failed>"
//   resolve <prefix> <n>      -> of those names: "RESOLVED <found> <answered>" (found: WhereIsName is not null;
//                                answered: the worker answered a request within 2 s)
//   unregister <name>         -> "UNREGISTERED <True|False>"
//   poke <host:port>          -> one Proto request to an actor that does not exist there, to open a Proto connection
//                                to that member (partition experiments): "POKED <outcome>"
//   alive                     -> "ALIVE <True|False>": False once this member's Proto cluster or actor system is stopping
//   nodes                     -> "NODES <count> <address,address,...>" (sorted)
//   registry                  -> "REGISTRY <entries> <hash of the sorted name=pid list>"
//   workers                   -> "WORKERS <live> <constructed>" PlacedWorkers in this process
//   countercopies             -> "COUNTERCOPIES <live> <constructed>" handoff Counters in this process
//   leave                     -> graceful stop, "LEFT", then exit
// The name-conflict commands use HandoffProcesses and its ConflictCounter (answers BeginHandoff with its value):
//   counter <name> <value>    -> registers a ConflictCounter starting at <value>: "REGISTERED <Started|AlreadyStarted> <pid>"
//   counterconflicts <name>   -> asks that counter: "CONFLICTS <value> <values of the ResolveConflicts it received, comma-separated, or -> <address>"
//                                ("CONFLICTS failed <exception>" when it does not answer)
//   counters                  -> "COUNTERS <entries> <hash> <live>": HandoffProcesses' registry (as "registry") and the ConflictCounters alive here
//   uncounter <name>          -> "UNREGISTERED <True|False>" (HandoffProcesses)
// A command the member cannot serve right now (rejoining under a new identity) answers "UNAVAILABLE <why>".
// Sworm options come from configuration too, e.g. the environment variable Sworm__Sworms__HandoffProcesses__RebalanceOnJoin=true
// (MemberProcess.Start's environment argument).
// SIGTERM stops it gracefully too (the host's console lifetime). It exits when stdin closes, so it never
// outlives a test process that died.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;
using Sworm;
using Sworm.Testing.Fixtures;

string? seed = null;
var cluster = "sworm-test";
string? consul = null;
string? consulToken = null;
string? advertise = null;
var bindHost = "127.0.0.1";
var bindPort = 0;
var quorum = 0;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seed": seed = args[i + 1]; break;
        case "--cluster": cluster = args[i + 1]; break;
        case "--host": bindHost = args[i + 1]; break;
        case "--consul": consul = args[i + 1]; break;
        case "--consul-token": consulToken = args[i + 1]; break;
        case "--advertise": advertise = args[i + 1]; break;
        case "--quorum": quorum = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--port": bindPort = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException("Unknown argument " + args[i]);
    }
}

var builder = Host.CreateApplicationBuilder();
// SWORM_TEST_LOG=Information|Debug (as for in-process members) shows more; the test prints it when a step fails.
builder.Logging.SetMinimumLevel(Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("SWORM_TEST_LOG"), out var level) ? level : LogLevel.Warning);
builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
builder.Services.AddSworm(c =>
    {
        c.WithClusterName(cluster).BindTo(bindHost, bindPort);
        if (quorum > 0)
        {
            c.WithStaticQuorum(quorum);
        }
        if (seed is not null)
        {
            c.UseSeedNodes(seed);
        }

        if (advertise is not null)
        {
            c.AdvertiseAs(advertise);
        }

        if (consul is not null)
        {
            // Fast TTL and reaping so a test sees the check turn critical and the instance go within seconds (the defaults are for production;
            // a real agent reaps no sooner than 1 min).
            c.UseConsul(new Uri(consul), o => { o.Ttl = TimeSpan.FromSeconds(3); o.RefreshInterval = TimeSpan.FromSeconds(1); o.BlockingWait = TimeSpan.FromSeconds(2); o.DeregisterCriticalServiceAfter = TimeSpan.FromSeconds(2); o.Token = consulToken; });
        }
    })
    .AddSworm<ClusterProcesses>()
    .AddSworm<TemporaryClusterProcesses>()
    .AddSworm<HandoffProcesses>()
    .AddSworm<PlainProcesses>(); // Handoff off in its attribute: scenario 7 turns it on with Sworm__Sworms__PlainProcesses__Handoff=true
using var host = builder.Build();
await host.StartAsync();
var system = host.Services.GetRequiredService<Proto.ActorSystem>();
var processes = host.Services.GetRequiredService<ClusterProcesses>();
var handoffProcesses = host.Services.GetRequiredService<HandoffProcesses>();
Console.Out.WriteLine($"SWORM-MEMBER {system.Address} {system.Id}");
Console.Out.Flush();

// SIGTERM (the console lifetime) only signals ApplicationStopping; Console.In reads block the calling thread,
// so the read runs on the thread pool and the loop waits for whichever comes first.
var stopping = Task.Delay(Timeout.Infinite, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
while (true)
{
    var read = Task.Run(Console.In.ReadLine);
    if (await Task.WhenAny(read, stopping) == stopping || await read is not { } line)
    {
        break;
    }

    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    try
    {
        switch (words)
        {
            case ["register", var name, var label]:
                var result = await processes.RegisterName(name, PlacedWorker.Spec(label));
                Console.Out.WriteLine($"REGISTERED {result.Status} {result.Pid}");
                break;
            case ["whereis", var name]:
                Console.Out.WriteLine($"WHEREIS {(await processes.WhereIsName(name))?.ToString() ?? "null"}");
                break;
            case ["claim", var name, var group]:
                var plain = system.Root.Spawn(Props.FromFunc(_ => Task.CompletedTask));
                var claimed = await processes.RegisterName(name, plain) && await processes.Join(group, plain);
                Console.Out.WriteLine(claimed ? $"CLAIMED {plain}" : "CLAIMED failed");
                break;
            case ["registermany", var prefix, var countText]:
                int started = 0, already = 0, failed = 0;
                await Parallel.ForEachAsync(Enumerable.Range(0, int.Parse(countText, System.Globalization.CultureInfo.InvariantCulture)),
                    new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
                    {
                        try
                        {
                            var name = $"{prefix}-{i}";
                            var outcome = await processes.RegisterName(name, PlacedWorker.Spec(name));
                            Interlocked.Increment(ref outcome.Status == RegisterStatus.Started ? ref started : ref already);
                        }
                        catch (Exception e) when (e is SwormException or TimeoutException)
                        {
                            Interlocked.Increment(ref failed);
                        }
                    });
                Console.Out.WriteLine($"REGISTEREDMANY {started} {already} {failed}");
                break;
            case ["resolve", var prefix, var countText]:
                int found = 0, answered = 0;
                await Parallel.ForEachAsync(Enumerable.Range(0, int.Parse(countText, System.Globalization.CultureInfo.InvariantCulture)),
                    new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
                    {
                        var name = $"{prefix}-{i}";
                        if (await processes.WhereIsName(name) is null)
                        {
                            return;
                        }

                        Interlocked.Increment(ref found);
                        try
                        {
                            await processes.Request<Here>(name, new Where(), TimeSpan.FromSeconds(2));
                            Interlocked.Increment(ref answered);
                        }
                        catch (Exception e) when (e is SwormException or TimeoutException)
                        {
                        }
                    });
                Console.Out.WriteLine($"RESOLVED {found} {answered}");
                break;
            case ["unregister", var name]:
                Console.Out.WriteLine($"UNREGISTERED {await processes.UnregisterName(name)}");
                break;
            case ["poke", var address]:
                try
                {
                    await system.Root.RequestAsync<object>(new PID(address, "$sworm-poke"), new Where(), TimeSpan.FromSeconds(3));
                    Console.Out.WriteLine("POKED answered");
                }
                catch (Exception e)
                {
                    Console.Out.WriteLine($"POKED {e.GetType().Name}");
                }

                break;
            case ["alive"]:
                Console.Out.WriteLine($"ALIVE {!system.Shutdown.IsCancellationRequested && !system.Cluster().MemberList.Stopping}");
                break;
            case ["nodes"]:
                var nodes = (await processes.Nodes()).Order(StringComparer.Ordinal).ToArray();
                Console.Out.WriteLine($"NODES {nodes.Length} {string.Join(',', nodes)}");
                break;
            case ["registry"]:
                var entries = (await processes.Registered()).Select(r => $"{r.Name}={r.Pid}").Order(StringComparer.Ordinal).ToArray();
                var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', entries))))[..12];
                Console.Out.WriteLine($"REGISTRY {entries.Length} {hash}");
                break;
            case ["workers"]:
                Console.Out.WriteLine($"WORKERS {LiveWorkers.Live} {LiveWorkers.Constructed}");
                break;
            case ["countercopies"]:
                Console.Out.WriteLine($"COUNTERCOPIES {CounterCopies.LiveTotal} {CounterCopies.ConstructedTotal}");
                break;
            case ["counter", var name, var value]:
                var counter = await handoffProcesses.RegisterName(name, ConflictCounter.Spec("reply", int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
                Console.Out.WriteLine($"REGISTERED {counter.Status} {counter.Pid}");
                break;
            case ["counterconflicts", var name]:
                try
                {
                    var conflicts = await handoffProcesses.Request<ConflictsAre>(name, new GetConflicts(), TimeSpan.FromSeconds(3));
                    Console.Out.WriteLine($"CONFLICTS {conflicts.Value} {(conflicts.Resolved.Length == 0 ? "-" : string.Join(',', conflicts.Resolved))} {conflicts.Address}");
                }
                catch (Exception e) when (e is SwormException or TimeoutException)
                {
                    Console.Out.WriteLine($"CONFLICTS failed {e.GetType().Name}");
                }

                break;
            case ["counters"]:
                var counterEntries = (await handoffProcesses.Registered()).Select(r => $"{r.Name}={r.Pid}").Order(StringComparer.Ordinal).ToArray();
                var counterHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', counterEntries))))[..12];
                Console.Out.WriteLine($"COUNTERS {counterEntries.Length} {counterHash} {ConflictCounters.Live}");
                break;
            case ["uncounter", var name]:
                Console.Out.WriteLine($"UNREGISTERED {await handoffProcesses.UnregisterName(name)}");
                break;
            case ["constructed", var label]:
                Console.Out.WriteLine($"CONSTRUCTED {ClusterConstructions.Of(label)}");
                break;
            case ["count"]:
                Console.Out.WriteLine($"COUNT {(await processes.Registered()).Count}");
                break;
            case ["leave"]:
                await host.StopAsync();
                Console.Out.WriteLine("LEFT");
                Console.Out.Flush();
                return 0;
        }
    }
    catch (SwormUnavailableException e)
    {
        // Rejoining under a new identity, or stopping: the caller sees no answer and asks again.
        Console.Out.WriteLine("UNAVAILABLE " + e.Message);
    }

    Console.Out.Flush();
}

await host.StopAsync();
return 0;
