// A web app that runs a Sworm member and maps its dashboard, as docs/dashboard.md shows; it fetches the page and the
// JSON endpoint from itself and checks them.
using System.Text.Json;
using Proto;
using Sworm;
using Sworm.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddSworm(cluster => cluster.WithClusterName("dashboard-check").BindTo("127.0.0.1", 0))
    .AddSworm<Lamps>();
var app = builder.Build();
app.MapSwormDashboard("/sworm");
await app.StartAsync();

await app.Services.GetRequiredService<Lamps>().RegisterName("lamp-1", Lamp.Spec());
using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
var page = await http.GetStringAsync("/sworm/");
using var status = JsonDocument.Parse(await http.GetStringAsync("/sworm/api/status"));
var script = await http.GetAsync("/sworm/assets/dashboard.js");
await app.StopAsync();

var sworm = status.RootElement.GetProperty("sworms").EnumerateArray().Single();
if (!page.Contains("<title>Sworm dashboard</title>", StringComparison.Ordinal) || !script.IsSuccessStatusCode
    || sworm.GetProperty("name").GetString() != "Lamps" || sworm.GetProperty("names").GetInt32() != 1
    || status.RootElement.GetProperty("clusterMembers").GetArrayLength() != 1)
{
    Console.Error.WriteLine("dashboard package check FAILED: " + status.RootElement);
    return 1;
}

Console.WriteLine($"dashboard package check OK: page, script and {app.Urls.First()}/sworm/api/status (sworm Lamps, 1 name, 1 member)");
return 0;

/// <summary>The sworm.</summary>
[Sworm]
public partial class Lamps;

/// <summary>A worker.</summary>
[SwormWorker]
public partial class Lamp : IActor
{
    /// <inheritdoc />
    public Task ReceiveAsync(IContext context) => Task.CompletedTask;
}
