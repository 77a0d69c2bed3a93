// The sample device fleet. With no arguments it starts a 3-member cluster on loopback (this process is the first
// member; the others are child processes of this same program), registers 10,000 devices, keeps them busy with
// readings and shows the cluster live. Keys: k kill a member (SIGKILL), s stop one gracefully (SIGTERM), a add one,
// q quit. Options:
//   --members N         members to start, this process included (default 3)
//   --devices N         devices to register (default 10000; 300 with --script)
//   --rate N            readings per second sent to random devices (default 2000)
//   --dashboard PORT    also serve the Sworm dashboard on http://127.0.0.1:PORT/sworm/
//   --script            add, kill and stop unattended, check no device was lost and counters survived the graceful
//                       stop, print a summary; exit 0 only if every check passed (2: only handoff is missing)
//   --member --port P [--seed H:P] [--cluster NAME]   run ONE member until Ctrl+C/SIGTERM (the fleet starts these)
//   --consul URL        members find each other through this Consul agent instead of seed nodes
using Sworm.Sample;

SampleOptions options;
try
{
    options = SampleOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 64;
}

if (options.Member)
{
    return await ChildMember.Run(options);
}

Console.WriteLine($"Starting {options.Members} Sworm members on loopback (this process and {options.Members - 1} child processes)...");
await using var fleet = await Fleet.Start(options);
await using var dashboard = options.Dashboard is { } port ? await DashboardServer.Start(port, fleet.Monitor) : null;
var url = dashboard?.Urls.FirstOrDefault() is { } u ? u.TrimEnd('/') + "/sworm/" : null;
if (url is not null)
{
    Console.WriteLine($"Dashboard: {url}");
}

if (options.Script)
{
    return await new ScriptRun(fleet, options).Run();
}

Console.WriteLine($"Registering {options.Devices:N0} devices...");
var clock = System.Diagnostics.Stopwatch.StartNew();
await fleet.RegisterDevices();
Console.WriteLine($"Registered {options.Devices:N0} devices in {clock.Elapsed.TotalSeconds:0.0} s");
fleet.StartReadings();
await new ConsoleView(fleet, url).Run();
Console.WriteLine("Stopping the members (each leaves the cluster gracefully)...");
return 0;
