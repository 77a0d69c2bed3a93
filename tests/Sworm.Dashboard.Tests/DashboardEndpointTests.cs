using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sworm.Testing;
using Xunit;

namespace Sworm.Dashboard.Tests;

public sealed class DashboardEndpointTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task StatusEndpointReportsTheMembersAndTheNamesEachRuns()
    {
        await using var host = await DashboardHost.Start();
        await host.Register(30);
        var expected = await host.NamesPerMember();

        using var status = JsonDocument.Parse(await Http.GetStringAsync(host.BaseUrl + "/sworm/api/status"));
        var root = status.RootElement;
        Assert.Equal(host.Cluster[0].Address, root.GetProperty("member").GetString());
        Assert.Equal("running", root.GetProperty("state").GetString());
        Assert.Equal(3, root.GetProperty("clusterMembers").GetArrayLength());
        var sworm = root.GetProperty("sworms").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "ClusterProcesses");
        Assert.Equal(30, sworm.GetProperty("names").GetInt32());
        var perMember = sworm.GetProperty("namesPerMember").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(3, perMember.Count);
        foreach (var (member, names) in expected)
        {
            Assert.Equal(names, perMember[member]);
        }

        Assert.Equal(60, root.GetProperty("timeline").GetProperty("buckets").GetArrayLength());
        Assert.Contains(root.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "MemberJoined");
    }

    [Fact]
    public async Task PageAndAssetsAreServedFromTheAssemblyAndNothingElse()
    {
        await using var host = await DashboardHost.Start(members: 1);

        var page = await Http.GetStringAsync(host.DashboardUrl);
        Assert.Contains("<title>Sworm dashboard</title>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
        using var script = await Http.GetAsync(host.BaseUrl + "/sworm/assets/dashboard.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var missing = await Http.GetAsync(host.BaseUrl + "/sworm/assets/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // Without the trailing slash the page's relative links would break: it redirects.
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var bare = await noRedirect.GetAsync(host.BaseUrl + "/sworm");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/sworm/", bare.Headers.Location?.OriginalString);

        // Bad input: clear exceptions.
        var monitor = host.Cluster[0].Services.GetRequiredService<ISwormMonitor>();
        var bareApp = WebApplication.CreateSlimBuilder().Build();
        var noMember = Assert.Throws<InvalidOperationException>(() => bareApp.MapSwormDashboard());
        Assert.Contains("AddSworm", noMember.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => bareApp.MapSwormDashboard("sworm", monitor));
        Assert.Throws<ArgumentNullException>(() => bareApp.MapSwormDashboard("/sworm", null!));
    }

    [Fact]
    public async Task TimelineAndTotalsCountFailoversAfterAMemberLeaves()
    {
        await using var host = await DashboardHost.Start();
        await host.Register(30);
        var leaving = host.Cluster[2];
        var onLeaving = (await host.NamesPerMember()).GetValueOrDefault(leaving.Address);
        Assert.True(onLeaving > 0, "the third member should run some of the 30 names");

        await host.Cluster.StopMember(leaving);

        await Eventually.Until(async () =>
        {
            using var status = JsonDocument.Parse(await Http.GetStringAsync(host.BaseUrl + "/sworm/api/status"));
            var root = status.RootElement;
            return root.GetProperty("clusterMembers").GetArrayLength() == 2
                && root.GetProperty("sworms")[0].GetProperty("namesPerMember").EnumerateObject().Sum(p => p.Value.GetInt32()) == 30
                && root.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "MemberLeft");
        }, "the dashboard to show 2 members running all 30 names and the leave", TimeSpan.FromSeconds(20));

        // The member's own restores: the total, and the rows (a burst folds into rows with counts; joins never fold).
        var monitor = host.Cluster[0].Services.GetRequiredService<ISwormMonitor>();
        var restored = -1;
        await Eventually.Until(async () =>
        {
            // Read each time: the member publishes its restore events on a background loop.
            restored = monitor.RecentEvents().OfType<NameRestored>().Count();
            using var status = JsonDocument.Parse(await Http.GetStringAsync(host.BaseUrl + "/sworm/api/status"));
            var root = status.RootElement;
            var rows = root.GetProperty("events").EnumerateArray().ToList();
            return root.GetProperty("totals").GetProperty("failovers").GetInt32() == restored
                && rows.Where(e => e.GetProperty("kind").GetString() == "NameRestored").Sum(e => e.GetProperty("count").GetInt32()) == restored
                && rows.Count(e => e.GetProperty("kind").GetString() == "MemberJoined") == 3
                && root.GetProperty("timeline").GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("failovers").GetInt32()) == restored;
        }, "the totals, the rows and the timeline to count the member's restores", TimeSpan.FromSeconds(10));
    }
}
