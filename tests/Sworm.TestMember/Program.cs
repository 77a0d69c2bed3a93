// A Sworm member in its own OS process, running the fixtures' sworms, controlled over stdin/stdout:
//   Sworm.TestMember --cluster <name> [--seed host:port] [--port P]
// Prints "SWORM-MEMBER <address> <member id>" once it has joined. Commands (one per line, answers on stdout):
//   register <name> <label>   -> "REGISTERED <Started|AlreadyStarted> <pid>"
//   whereis <name>            -> "WHEREIS <pid|null>"
//   count                     -> "COUNT <number of registered names>"
//   constructed <label>       -> "CONSTRUCTED <how many workers of that label this process built>"
//   claim <name> <group>      -> a plain process on this member, registered by pid and joined to the group: "CLAIMED <pid>"
//   leave                     -> graceful stop, "LEFT", then exit
// SIGTERM stops it gracefully too (the host's console lifetime). It exits when stdin closes, so it never
// outlives a test process that died.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm;
using Sworm.Testing.Fixtures;

string? seed = null;
var cluster = "sworm-test";
var port = 0;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seed": seed = args[i + 1]; break;
        case "--cluster": cluster = args[i + 1]; break;
        case "--port": port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException("Unknown argument " + args[i]);
    }
}

var builder = Host.CreateApplicationBuilder();
// SWORM_TEST_LOG=Information|Debug (as for in-process members) shows more; the test prints it when a step fails.
builder.Logging.SetMinimumLevel(Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("SWORM_TEST_LOG"), out var level) ? level : LogLevel.Warning);
builder.Services.AddSworm(c =>
    {
        c.WithClusterName(cluster).BindTo("127.0.0.1", port);
        if (seed is not null)
        {
            c.UseSeedNodes(seed);
        }
    })
    .AddSworm<ClusterProcesses>()
    .AddSworm<TemporaryClusterProcesses>()
    .AddSworm<HandoffProcesses>();
using var host = builder.Build();
await host.StartAsync();
var system = host.Services.GetRequiredService<Proto.ActorSystem>();
var processes = host.Services.GetRequiredService<ClusterProcesses>();
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

    Console.Out.Flush();
}

await host.StopAsync();
return 0;
