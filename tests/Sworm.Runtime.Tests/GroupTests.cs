namespace Sworm.Runtime.Tests;

public sealed class GroupTests(SingleMemberFixture fixture) : IClassFixture<SingleMemberFixture>
{
    private TestProcesses Processes => fixture.Processes;

    [Fact]
    public async Task A_pid_that_is_not_part_of_the_sworm_cannot_join_or_leave()
    {
        var group = SingleMemberFixture.UniqueName("group");
        var (stranger, _) = Probe.Spawn(fixture.Member);

        Assert.False(await Processes.Join(group, stranger));
        Assert.False(await Processes.Leave(group, stranger));
        Assert.Empty(await Processes.Members(group));
    }

    [Fact]
    public async Task Members_reflect_joins_and_leaves_and_repeats_are_fine()
    {
        var group = SingleMemberFixture.UniqueName("group");
        var a = await Processes.WhereIsOrRegisterName(SingleMemberFixture.UniqueName(), EchoWorker.Spec("a"));
        var (b, _) = Probe.Spawn(fixture.Member);
        await Processes.RegisterName(SingleMemberFixture.UniqueName(), b);

        Assert.True(await Processes.Join(group, a));
        Assert.True(await Processes.Join(group, a));
        Assert.True(await Processes.Join(group, b));
        Assert.Equal(new[] { a, b }.OrderBy(p => p.Id), (await Processes.Members(group)).OrderBy(p => p.Id));

        Assert.True(await Processes.Leave(group, a));
        Assert.True(await Processes.Leave(group, a));
        Assert.Equal([b], await Processes.Members(group));
    }

    [Fact]
    public async Task A_stopped_process_leaves_all_its_groups()
    {
        var groups = new[] { SingleMemberFixture.UniqueName("group"), SingleMemberFixture.UniqueName("group") };
        var (pid, _) = Probe.Spawn(fixture.Member);
        await Processes.RegisterName(SingleMemberFixture.UniqueName(), pid);
        foreach (var group in groups)
        {
            await Processes.Join(group, pid);
        }

        await fixture.Member.System.Root.StopAsync(pid);

        await Eventually.Until(async () =>
        {
            foreach (var group in groups)
            {
                if ((await Processes.Members(group)).Count != 0)
                {
                    return false;
                }
            }

            return true;
        }, "the stopped process to leave both groups");
    }

    [Fact]
    public async Task An_unregistered_supervised_worker_leaves_its_groups()
    {
        var group = SingleMemberFixture.UniqueName("group");
        var name = SingleMemberFixture.UniqueName();
        var pid = (await Processes.RegisterName(name, EchoWorker.Spec(name))).Pid;
        await Processes.Join(group, pid);

        await Processes.UnregisterName(name);

        await Eventually.Until(async () => (await Processes.Members(group)).Count == 0, "the unregistered worker to leave its group");
    }

    [Fact]
    public async Task Publish_sends_to_every_member_and_counts_them()
    {
        var group = SingleMemberFixture.UniqueName("group");
        var probes = Enumerable.Range(0, 3).Select(_ => Probe.Spawn(fixture.Member)).ToArray();
        foreach (var (pid, _) in probes)
        {
            await Processes.RegisterName(SingleMemberFixture.UniqueName(), pid);
            await Processes.Join(group, pid);
        }

        Assert.Equal(3, await Processes.Publish(group, "hello"));
        Assert.Equal(0, await Processes.Publish(SingleMemberFixture.UniqueName("empty"), "hello"));

        await Eventually.Until(() => probes.All(p => { lock (p.Actor.Received) { return p.Actor.Received.Contains("hello"); } }),
            "every group member to receive the published message");
    }

    [Fact]
    public async Task MultiCall_collects_the_replies_and_leaves_out_members_that_fail_or_time_out()
    {
        var group = SingleMemberFixture.UniqueName("group");
        var answering = await Processes.WhereIsOrRegisterName(SingleMemberFixture.UniqueName(), EchoWorker.Spec("answering"));
        var (silent, _) = Probe.Spawn(fixture.Member); // a Probe does not answer GetCount
        await Processes.RegisterName(SingleMemberFixture.UniqueName(), silent);
        await Processes.Join(group, answering);
        await Processes.Join(group, silent);

        var replies = await Processes.MultiCall<Pong>(group, new Ping(), TimeSpan.FromSeconds(5));
        Assert.Equal(2, replies.Count);

        var counts = await Processes.MultiCall<int>(group, new GetCount(), TimeSpan.FromMilliseconds(300));
        Assert.Equal([0], counts);
    }
}
