// A raw Proto member with Sworm's seed-node membership in its own OS process, so that tests can kill it with
// SIGKILL. Usage: Sworm.TestHost --cluster <name> [--seed host:port] [--port n] [--consul http://agent:port [--consul-token t]]
// With --consul the member uses Sworm's Consul membership (the tests point it at the Consul simulator) instead of seeds.
// Prints "SWORM-MEMBER <address> <member id>" once it has joined, then runs until its stdin closes (so it never
// outlives a test process that died) or it reads "leave" (graceful shutdown).
using Proto;
using Proto.Cluster;
using Proto.Cluster.Partition;
using Proto.Remote;
using Proto.Remote.GrpcNet;
using Microsoft.Extensions.Logging.Abstractions;
using Sworm;
using Sworm.Membership;
using Sworm.Membership.Consul;

string? seed = null;
var port = 0;
var clusterName = "sworm-test";
string? consul = null;
string? consulToken = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seed": seed = args[i + 1]; break;
        case "--port": port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--cluster": clusterName = args[i + 1]; break;
        case "--consul": consul = args[i + 1]; break;
        case "--consul-token": consulToken = args[i + 1]; break;
        default: throw new ArgumentException("Unknown argument " + args[i]);
    }
}

var options = new SeedNodeOptions(seed is null ? [] : [seed]);
var echo = Props.FromFunc(ctx =>
{
    if (ctx.Message is string text) ctx.Respond(text);
    return Task.CompletedTask;
});
IClusterProvider provider = consul is null
    ? new SeedNodeProvider(options)
    : new ConsulProvider(new Uri(consul), new ConsulMembershipOptions
    {
        Token = consulToken,
        Ttl = TimeSpan.FromSeconds(3),
        RefreshInterval = TimeSpan.FromMilliseconds(500),
        DeregisterCriticalServiceAfter = TimeSpan.FromSeconds(2),
        BlockingWait = TimeSpan.FromSeconds(5),
    }, NullLoggerFactory.Instance);
var system = new ActorSystem()
    .WithRemote(RemoteConfig.BindToLocalhost(port))
    .WithCluster(ClusterConfig.Setup(clusterName, provider, new PartitionIdentityLookup())
        .WithClusterKind("echo", echo)
        .WithHeartbeatExpiration(options.FailureDetection.ProtoHeartbeatExpiration));
await system.Cluster().StartMemberAsync();
Console.Out.WriteLine($"SWORM-MEMBER {system.Address} {system.Id}");
Console.Out.Flush();

while (await Console.In.ReadLineAsync() is { } line)
{
    if (line.Trim() == "leave") break;
}
await system.Cluster().ShutdownAsync(graceful: true, "test host stopping");
