// TEMPORARY: hand-written stand-in for what Sworm.Generators emits, until the generator is wired into this project.
using Sworm.Handoff;
using Sworm.Workers;

namespace Sworm.Runtime.Tests;

public abstract class StandInFacade(SwormClient client)
{
    public Task<RegisterResult> RegisterName(string name, WorkerSpec spec, CancellationToken cancellationToken = default) => client.RegisterName(name, spec, cancellationToken);
    public Task<bool> RegisterName(string name, PID pid, CancellationToken cancellationToken = default) => client.RegisterName(name, pid, cancellationToken);
    public Task<PID> WhereIsOrRegisterName(string name, WorkerSpec spec, CancellationToken cancellationToken = default) => client.WhereIsOrRegisterName(name, spec, cancellationToken);
    public Task<bool> UnregisterName(string name, CancellationToken cancellationToken = default) => client.UnregisterName(name, cancellationToken);
    public Task<PID?> WhereIsName(string name, CancellationToken cancellationToken = default) => client.WhereIsName(name, cancellationToken);
    public Task<IReadOnlyList<Registration>> Registered(CancellationToken cancellationToken = default) => client.Registered(cancellationToken);
    public Task<bool> Join(string group, PID pid, CancellationToken cancellationToken = default) => client.Join(group, pid, cancellationToken);
    public Task<bool> Leave(string group, PID pid, CancellationToken cancellationToken = default) => client.Leave(group, pid, cancellationToken);
    public Task<IReadOnlyList<PID>> Members(string group, CancellationToken cancellationToken = default) => client.Members(group, cancellationToken);
    public Task<int> Publish(string group, object message, CancellationToken cancellationToken = default) => client.Publish(group, message, cancellationToken);
    public Task<IReadOnlyList<TReply>> MultiCall<TReply>(string group, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) => client.MultiCall<TReply>(group, message, timeout, cancellationToken);
    public Task<bool> Send(string name, object message, CancellationToken cancellationToken = default) => client.Send(name, message, cancellationToken);
    public Task<TReply> Request<TReply>(string name, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) => client.Request<TReply>(name, message, timeout, cancellationToken);
    public Task<IReadOnlyList<string>> Nodes(CancellationToken cancellationToken = default) => client.Nodes(cancellationToken);
}

public sealed class StandInBegin(HandoffRequest r) : BeginHandoffMessage(r);
public sealed class StandInEnd(HandoffState s) : EndHandoffMessage(s);
public sealed class StandInConflict(HandoffState s) : ResolveConflictMessage(s);

public partial class TestProcesses(SwormClient client) : StandInFacade(client), ISworm<TestProcesses>
{
    public static SwormDeclaration Declaration { get; } = new("TestProcesses", RestartStrategy.Transient, false, 5000, r => new StandInBegin(r), s => new StandInEnd(s), s => new StandInConflict(s));
    public static TestProcesses Create(SwormClient client) => new(client);
}

public partial class TemporaryProcesses(SwormClient client) : StandInFacade(client), ISworm<TemporaryProcesses>
{
    public static SwormDeclaration Declaration { get; } = new("TemporaryProcesses", RestartStrategy.Temporary, false, 5000, r => new StandInBegin(r), s => new StandInEnd(s), s => new StandInConflict(s));
    public static TemporaryProcesses Create(SwormClient client) => new(client);
}

public partial class PermanentProcesses(SwormClient client) : StandInFacade(client), ISworm<PermanentProcesses>
{
    public static SwormDeclaration Declaration { get; } = new("PermanentProcesses", RestartStrategy.Permanent, false, 5000, r => new StandInBegin(r), s => new StandInEnd(s), s => new StandInConflict(s));
    public static PermanentProcesses Create(SwormClient client) => new(client);
}

public partial class EchoWorker
{
    public static WorkerSpec Spec(string label) => new WorkerArgumentsWriter("Sworm.Runtime.Tests.EchoWorker", "string").Add("label", label).ToSpec();
}

public partial class FailingWorker
{
    public static WorkerSpec Spec(string failIn) => new WorkerArgumentsWriter("Sworm.Runtime.Tests.FailingWorker", "string").Add("failIn", failIn).ToSpec();
}

internal static class StandInFactories
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Register()
    {
        WorkerFactories.Register("Sworm.Runtime.Tests.EchoWorker", "string", (_, a) => new EchoWorker(a.Get<string>(0, "label")));
        WorkerFactories.Register("Sworm.Runtime.Tests.FailingWorker", "string", (_, a) => new FailingWorker(a.Get<string>(0, "failIn")));
    }
}
