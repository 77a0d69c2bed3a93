// The sample cluster. With no arguments it starts three members in this process (each its own host, on
// loopback), then walks through the API from different members. Options:
//   --members N                   how many members to start here (default 3)
//   --member --port P [--seed H:P]   run ONE member until Ctrl+C (start several processes to make a cluster)
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm;
using Sworm.Sample;

var members = ArgValue("--members") is { } n ? int.Parse(n) : 3;
if (args.Contains("--member"))
{
    var host = BuildMember(int.Parse(ArgValue("--port") ?? "4020"), ArgValue("--seed"));
    await host.RunAsync();
    return 0;
}

Console.WriteLine($"Starting {members} Sworm members on loopback...");
var hosts = new List<IHost>();
var seed = BuildMember(0, null);
await seed.StartAsync();
hosts.Add(seed);
var seedAddress = seed.Services.GetRequiredService<ActorSystem>().Address;
for (var i = 1; i < members; i++)
{
    var host = BuildMember(0, seedAddress);
    await host.StartAsync();
    hosts.Add(host);
}

var devices = hosts.Select(h => h.Services.GetRequiredService<Devices>()).ToArray();
Devices On(int member) => devices[member % devices.Length];
Console.WriteLine($"Members running sworm {Devices.SwormName}: {string.Join(", ", await devices[0].Nodes())}");

// Register 30 devices from the first member; the cluster places them.
var clock = Stopwatch.StartNew();
for (var i = 0; i < 30; i++)
{
    await On(0).RegisterName($"device-{i}", Device.Spec(id: $"device-{i}", room: $"room-{i % 3}"));
}
Console.WriteLine($"Registered 30 devices in {clock.ElapsedMilliseconds} ms");

var again = await On(1).RegisterName("device-7", Device.Spec(id: "device-7", room: "elsewhere"));
Console.WriteLine($"Registering device-7 again from another member: {again.Status} (held by {again.Pid})");

// Every member finds every name, from its own replica.
await WaitFor(async () => (await On(members - 1).Registered()).Count == 30, "all 30 names to reach the last member");
Console.WriteLine($"Member {members}: Registered() lists {(await On(members - 1).Registered()).Count} names; device-3 is {await On(members - 1).WhereIsName("device-3")}");

// Messages by name, from any member.
for (var i = 0; i < 30; i++)
{
    await On(i).Send($"device-{i}", new Reading(20 + i * 0.1));
}
var status = await On(2).Request<DeviceStatus>("device-5", new GetStatus());
Console.WriteLine($"device-5: room {status.Room}, {status.Readings} reading(s), last {status.Last:0.0} C, running on {status.Member}");

// Groups.
for (var i = 0; i < 30; i += 3)
{
    await On(0).Join("room-0", (await On(0).WhereIsName($"device-{i}"))!);
}
await WaitFor(async () => (await On(members - 1).Members("room-0")).Count == 10, "room-0 to have 10 members everywhere");
var statuses = await On(members - 1).MultiCall<DeviceStatus>("room-0", new GetStatus());
Console.WriteLine($"room-0 has {(await On(0).Members("room-0")).Count} members; MultiCall got {statuses.Count} answers");

// Supervision: a crash restarts the device under a new pid, same name.
var before = (await On(0).WhereIsName("device-1"))!;
await On(0).Send("device-1", new Fail());
await WaitFor(async () => await On(0).WhereIsName("device-1") is { } p && !p.Equals(before), "device-1 to be restarted");
Console.WriteLine($"device-1 crashed and was restarted: {before} -> {await On(0).WhereIsName("device-1")}");

// Unregister stops the worker and frees the name.
Console.WriteLine($"UnregisterName(device-29): {await On(1).UnregisterName("device-29")}; again: {await On(1).UnregisterName("device-29")}");

Console.WriteLine("Stopping the members (each leaves the cluster gracefully)...");
foreach (var host in Enumerable.Reverse(hosts))
{
    await host.StopAsync();
    host.Dispose();
}
Console.WriteLine("Done.");
return 0;

IHost BuildMember(int port, string? seedNode)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddSworm(cluster =>
        {
            cluster.WithClusterName("sworm-sample").BindTo("127.0.0.1", port);
            if (seedNode is not null)
            {
                cluster.UseSeedNodes(seedNode);
            }
        })
        .AddSworm<Devices>();
    return builder.Build();
}

static async Task WaitFor(Func<Task<bool>> condition, string what)
{
    var deadline = DateTime.UtcNow.AddSeconds(10);
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException("Timed out waiting for " + what);
        }

        await Task.Delay(10);
    }
}

string? ArgValue(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
