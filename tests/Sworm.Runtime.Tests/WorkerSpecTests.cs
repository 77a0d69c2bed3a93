using System.Text.Json;
using Xunit;

namespace Sworm.Runtime.Tests;

/// <summary>A spec that crossed the wire keeps no copy of names this process already holds (heap per name).</summary>
public sealed class WorkerSpecTests
{
    private const string WorkerType = "Sworm.Runtime.Tests.SomeWorker";
    private const string Constructor = "System.String";

    [Fact]
    public void A_deserialized_spec_shares_the_type_and_constructor_names_this_process_holds_as_literals()
    {
        var json = JsonSerializer.Serialize(new WorkerSpec(WorkerType, Constructor, "[\"x\"]"));

        var received = JsonSerializer.Deserialize<WorkerSpec>(json)!;

        Assert.Same(WorkerType, received.WorkerType);
        Assert.Same(Constructor, received.Constructor);
        Assert.Equal("[\"x\"]", received.Arguments);
    }

    [Fact]
    public void A_name_this_process_does_not_hold_is_kept_as_given_and_equality_is_by_value()
    {
        var unknown = new string('q', 41);

        var spec = new WorkerSpec(unknown, Constructor, "[]");

        Assert.Same(unknown, spec.WorkerType);
        Assert.Equal(new WorkerSpec(new string('q', 41), Constructor, "[]"), spec);
    }
}
