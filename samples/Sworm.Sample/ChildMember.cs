using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;

namespace Sworm.Sample;

/// <summary>
/// <c>--member</c>: one member in this process until SIGTERM, Ctrl+C or stdin closing (so a child never outlives its
/// parent). It prints <c>READY address</c> once it runs, and its sworm events as <c>EVENT kind text</c> lines, which
/// the parent process reads to count restarts, failovers and handoffs across the cluster.
/// </summary>
internal static class ChildMember
{
    public static async Task<int> Run(SampleOptions options)
    {
        using var host = MemberHost.Build(options.Cluster, options.Port, options.Seed, options.Consul, logToStderr: true);
        await host.StartAsync();
        var monitor = host.Services.GetRequiredService<ISwormMonitor>();
        using var subscription = monitor.Subscribe(e =>
        {
            if (e.Sworm is not null && e is not WorkerStarted)
            {
                Console.Out.WriteLine($"EVENT {e.GetType().Name} {EventText.Of(e)}");
            }
        });
        Console.Out.WriteLine($"READY {host.Services.GetRequiredService<ActorSystem>().Address}");

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        _ = Task.Run(async () =>
        {
            // Stdin closes when the parent dies (even by SIGKILL): leave then, gracefully.
            if (Console.IsInputRedirected)
            {
                while (await Console.In.ReadLineAsync() is not null)
                {
                }

                lifetime.StopApplication();
            }
        });
        await host.WaitForShutdownAsync();
        Console.Out.WriteLine("STOPPED");
        return 0;
    }
}
