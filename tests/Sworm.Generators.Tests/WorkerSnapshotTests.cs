namespace Sworm.Generators.Tests;

public sealed class WorkerSnapshotTests
{
    private const string FactoryTable = "Sworm.Generated.SwormWorkerFactoryTable.g.cs";

    [Fact]
    public void A_worker_gets_one_spec_per_public_constructor_without_its_service_parameters() =>
        Verify(TestSources.WorkerWithSeveralConstructors, "MyApp.Counter.SwormWorker.g.cs");

    [Fact]
    public void A_record_worker_nested_in_a_partial_type_gets_a_spec_for_its_primary_constructor_only() =>
        Verify(TestSources.RecordWorker, "MyApp.Records.Outer.Greeter.SwormWorker.g.cs");

    [Fact]
    public void A_class_with_a_primary_constructor_gets_a_spec_for_it() =>
        Verify(TestSources.PrimaryConstructorWorker, "MyApp.StartCounter.SwormWorker.g.cs");

    [Fact]
    public void A_worker_deriving_from_a_worker_hides_the_inherited_spec_explicitly() =>
        Verify(TestSources.DerivedWorker, "DerivedWorker.SwormWorker.g.cs");

    [Fact]
    public void The_factory_table_registers_every_constructor_of_every_worker_once() =>
        Verify(
            [TestSources.WorkerWithSeveralConstructors, TestSources.RecordWorker, TestSources.PrimaryConstructorWorker],
            FactoryTable);

    [Fact]
    public void No_factory_table_is_emitted_without_workers()
    {
        var result = GeneratorRunner.Run(TestSources.BareSworm);
        Assert.DoesNotContain(FactoryTable, result.HintNames);
    }

    private static void Verify(string source, string hintName, [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "") =>
        Verify([source], hintName, testMethod);

    private static void Verify(string[] sources, string hintName, [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
    {
        var result = GeneratorRunner.Run(sources);
        Assert.Empty(result.Diagnostics);
        Assert.Contains(hintName, result.HintNames);
        Snapshot.Verify(hintName, result.Source(hintName), testMethod: testMethod);
    }
}
