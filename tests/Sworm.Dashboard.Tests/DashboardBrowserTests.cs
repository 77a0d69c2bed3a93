using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sworm.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Sworm.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser: Debian's Chromium (/usr/bin/chromium, installed by .ci/run) driven by Playwright,
/// against a real 3-member cluster. Playwright never downloads a browser here. Skipped, saying why, without Chromium.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = ChromiumFactAttribute.Path;

    [ChromiumFact]
    public async Task PageShowsTheMembersAndTheirNamesAndUpdatesWhenAMemberStops()
    {
        await using var host = await DashboardHost.Start();
        await host.Register(30);
        var expected = await host.NamesPerMember();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1000 } });
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(host.BaseUrl, StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };
        await page.GotoAsync(host.DashboardUrl);

        // Three members, and each member's bar carries the number of names its member runs.
        await Expect(() => page.Locator("#members li").CountAsync(), n => n == 3, "3 members listed");
        Assert.Equal("3", await page.Locator("#members-count").InnerTextAsync());
        foreach (var (member, names) in expected)
        {
            var bar = page.Locator($".bar-row[data-member='{member}']");
            Assert.Equal(names.ToString(System.Globalization.CultureInfo.InvariantCulture), await bar.GetAttributeAsync("data-names"));
            Assert.Equal(names.ToString(System.Globalization.CultureInfo.InvariantCulture), await bar.Locator(".n").InnerTextAsync());
        }

        Assert.Equal("30", await page.Locator("#names-count").InnerTextAsync());
        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard-3-members.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine("screenshot: " + screenshot);

        // One member leaves: the page, without a reload, shows 2 members running all 30 names and the leave event.
        var leaving = host.Cluster[2];
        var leavingAddress = leaving.Address;
        await host.Cluster.StopMember(leaving);
        await Expect(() => page.Locator("#members li").CountAsync(), n => n == 2, "2 members listed after the stop");
        await Expect(() => page.Locator($".bar-row[data-member='{leavingAddress}']").CountAsync(), n => n == 0, "the stopped member's bar to go");
        await Expect(async () =>
        {
            var counts = await page.Locator(".bar-row").EvaluateAllAsync<int[]>("rows => rows.map(r => +r.dataset.names)");
            return counts.Sum();
        }, n => n == 30, "the 30 names to run on the 2 members left");
        await Expect(() => page.Locator("#events tr[data-kind='MemberLeft']").CountAsync(), n => n >= 1, "the MemberLeft event shown");
        // Failovers are counted by the member that restored each name: the page shows the serving member's own count.
        var monitor = host.Cluster[0].Services.GetRequiredService<ISwormMonitor>();
        await Expect(async () =>
            (await page.Locator("#failovers-count").InnerTextAsync()) == monitor.RecentEvents().OfType<NameRestored>().Count().ToString(System.Globalization.CultureInfo.InvariantCulture),
            same => same, "the failovers card to count the member's NameRestored events");

        var after = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard-after-stop.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = after, FullPage = true });
        output.WriteLine("screenshot: " + after);
        Assert.Empty(outside);
    }

    [ChromiumFact]
    public async Task PageShowsFailoverAfterAMemberProcessIsKilled()
    {
        // Two members here and one in its own OS process, so the kill is a real SIGKILL.
        var cluster = await TestCluster.Start(2, sworms => sworms.AddSworm<Sworm.Testing.Fixtures.ClusterProcesses>());
        await using var host = await DashboardHost.Serve(cluster);
        await using var victim = await MemberProcess.Start(cluster.Name, cluster[0].Address);
        await Eventually.Until(() => host.Cluster[0].Services.GetRequiredService<ISwormMonitor>().Status().ClusterMembers.Count == 3, "the member process to join");
        await host.Register(30);
        var onVictim = (await host.NamesPerMember()).GetValueOrDefault(victim.Address);
        Assert.True(onVictim > 0, "the member process should run some of the 30 names");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1000 } });
        await page.GotoAsync(host.DashboardUrl);
        await Expect(() => page.Locator($".bar-row[data-member='{victim.Address}']").GetAttributeAsync("data-names"),
            n => n == onVictim.ToString(System.Globalization.CultureInfo.InvariantCulture), "the member process's bar with its names");

        victim.Kill();
        await Expect(() => page.Locator("#members li").CountAsync(), n => n == 2, "2 members listed after the kill");
        await Expect(() => page.Locator($".bar-row[data-member='{victim.Address}']").CountAsync(), n => n == 0, "the killed member's bar to go");
        await Expect(async () => (await page.Locator(".bar-row").EvaluateAllAsync<int[]>("rows => rows.map(r => +r.dataset.names)")).Sum(),
            n => n == 30, "the 30 names to run on the 2 members left");
        await Expect(() => page.Locator("#events tr[data-kind='MemberRemoved']").CountAsync(), n => n == 1, "the MemberRemoved event shown");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard-after-kill.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine("screenshot: " + screenshot);
    }

    private static Task<IBrowser> Launch(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        Timeout = 30_000,
    });

    private static Task Expect<T>(Func<Task<T>> probe, Func<T, bool> accept, string what) =>
        Eventually.Value(probe, accept, what, TimeSpan.FromSeconds(20));
}
