using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sworm.Sample;

/// <summary>The live console: members and their devices, messages/s, restarts, failovers, handoffs, recent events; keys k s a q.</summary>
internal sealed class ConsoleView(Fleet fleet, string? dashboardUrl)
{
    private string _status = "ready";

    public async Task Run()
    {
        // q, Ctrl+C, or SIGTERM (which stops this process's member host) all quit cleanly.
        using var quit = CancellationTokenSource.CreateLinkedTokenSource(fleet.Stopping);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            quit.Cancel();
        };
        var action = Task.CompletedTask;
        await AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async ctx =>
        {
            while (!quit.IsCancellationRequested)
            {
                while (!Console.IsInputRedirected && Console.KeyAvailable)
                {
                    var key = char.ToLowerInvariant(Console.ReadKey(intercept: true).KeyChar);
                    if (key == 'q')
                    {
                        quit.Cancel();
                    }
                    else if (action.IsCompleted && key is 'k' or 's' or 'a')
                    {
                        action = Task.Run(() => Act(key));
                    }
                }

                ctx.UpdateTarget(Render());
                try
                {
                    await Task.Delay(250, quit.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            _status = "quitting: the member processes leave gracefully…";
            ctx.UpdateTarget(Render());
        });
    }

    private async Task Act(char key)
    {
        try
        {
            switch (key)
            {
                case 'a':
                    _status = "adding a member…";
                    var added = await fleet.AddMember();
                    _status = $"added {added.Address} (pid {added.Pid})";
                    break;
                case 'k' when fleet.ChildWithMostDevices() is { } victim:
                    victim.Kill();
                    _status = $"killed {victim.Address} (pid {victim.Pid}) with SIGKILL: its devices fail over";
                    await victim.WaitForExit(TimeSpan.FromSeconds(10));
                    fleet.Forget(victim);
                    break;
                case 's' when fleet.ChildWithMostDevices() is { } leaving:
                    leaving.Terminate();
                    _status = $"stopping {leaving.Address} (pid {leaving.Pid}) with SIGTERM: its devices are handed off";
                    await leaving.WaitForExit(TimeSpan.FromSeconds(30));
                    fleet.Forget(leaving);
                    _status = $"stopped {leaving.Address}";
                    break;
                default:
                    _status = "no member process left to kill or stop: press a to add one";
                    break;
            }
        }
        catch (Exception e)
        {
            _status = "failed: " + e.Message;
        }
    }

    private IRenderable Render()
    {
        var perMember = fleet.DevicesPerMember();
        var pids = fleet.Children.ToArray().ToDictionary(c => c.Address, c => c.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var members = new Table().Border(TableBorder.Rounded).Title("[bold]members[/]")
            .AddColumn("member").AddColumn("process").AddColumn(new TableColumn("devices").RightAligned()).AddColumn("");
        var max = Math.Max(1, perMember.Values.DefaultIfEmpty(0).Max());
        foreach (var (member, devices) in perMember.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var process = member == fleet.Address ? "this process" : pids.TryGetValue(member, out var pid) ? "pid " + pid : "?";
            var bar = new string('█', (int)Math.Round(30.0 * devices / max));
            members.AddRow(Markup.Escape(member), process, devices.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), $"[deepskyblue1]{bar}[/]");
        }

        var stats = new Grid().AddColumns(5);
        stats.AddRow("[grey]devices[/]", "[grey]messages/s[/]", "[grey]restarts[/]", "[grey]failovers[/]", "[grey]handoffs[/]");
        stats.AddRow(
            $"[bold]{perMember.Values.Sum():N0}[/] / {fleet.DeviceCount:N0}",
            $"[bold]{fleet.MessagesPerSecond():N0}[/]",
            $"[bold yellow]{fleet.Restarts}[/]",
            $"[bold red]{fleet.Failovers}[/]",
            $"[bold green]{fleet.Handoffs}[/]");

        var events = new Table().Border(TableBorder.Simple).Title("[bold]recent events[/]").AddColumn("time").AddColumn("member").AddColumn("event");
        foreach (var e in fleet.RecentEvents.Take(10))
        {
            events.AddRow(e.At.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(e.Member), Markup.Escape(e.Count > 1 ? $"{e.Text} (+{e.Count - 1:N0} more like it)" : e.Text));
        }

        var header = $"[bold deepskyblue1]Sworm device fleet[/] — {fleet.Monitor.Status().ClusterMembers.Count} member(s)"
            + (dashboardUrl is null ? "" : $" — dashboard [link]{Markup.Escape(dashboardUrl)}[/]");
        var keys = "[grey]keys:[/] [bold]k[/] kill a member (SIGKILL)  [bold]s[/] stop one gracefully (SIGTERM)  [bold]a[/] add a member  [bold]q[/] quit";
        return new Rows(new Markup(header), members, stats, events, new Markup(Markup.Escape(_status)), new Markup(keys));
    }
}
