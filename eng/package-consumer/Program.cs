// Uses the package the way the README's quick start does, and checks the generated members work.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;
using Sworm;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSworm(cluster => cluster.WithClusterName("package-check").BindTo("127.0.0.1", 0))
    .AddSworm<Counters>();
using var host = builder.Build();
await host.StartAsync();

var counters = host.Services.GetRequiredService<Counters>();
var result = await counters.RegisterName("counter-1", Counter.Spec(start: 41));
var reply = await counters.Request<int>("counter-1", new Increment());
var found = await counters.WhereIsName("counter-1");
await host.StopAsync();

if (result.Status != RegisterStatus.Started || reply != 42 || found is null || Counters.SwormName != "Counters")
{
    Console.Error.WriteLine($"package check FAILED: {result.Status} {reply} {found}");
    return 1;
}

Console.WriteLine($"package check OK: sworm {Counters.SwormName} ({Counters.DeclaredRestart}) started {found} and it answered {reply}");
return 0;

/// <summary>The sworm.</summary>
[Sworm(Restart = RestartStrategy.Transient)]
public partial class Counters;

/// <summary>A message.</summary>
public sealed record Increment;

/// <summary>A worker re-creatable from its spec.</summary>
[SwormWorker]
public partial class Counter(int start, [FromServices] ILogger<Counter> log) : IActor
{
    private int _value = start;

    /// <inheritdoc />
    public Task ReceiveAsync(IContext context)
    {
        if (context.Message is Increment)
        {
            _value++;
            log.LogDebug("incremented to {Value}", _value);
            context.Respond(_value);
        }

        return Task.CompletedTask;
    }
}
