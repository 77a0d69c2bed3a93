namespace Sworm.Runtime.Tests;

/// <summary>One started member running every test sworm, shared by a test class; tests use unique names.</summary>
public sealed class SingleMemberFixture : IAsyncLifetime
{
    public TestMember Member { get; private set; } = null!;
    public TestProcesses Processes => Member.Sworm<TestProcesses>();
    public TemporaryProcesses Temporary => Member.Sworm<TemporaryProcesses>();
    public PermanentProcesses Permanent => Member.Sworm<PermanentProcesses>();

    public async Task InitializeAsync() =>
        Member = await TestMember.Start(s => s.AddSworm<TestProcesses>().AddSworm<TemporaryProcesses>().AddSworm<PermanentProcesses>());

    public async Task DisposeAsync() => await Member.DisposeAsync();

    public static string UniqueName(string prefix = "name") => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Whether <paramref name="pid"/> is a live process of this member.</summary>
    public bool IsAlive(PID pid) => Member.System.ProcessRegistry.Get(pid) is not DeadLetterProcess;
}
