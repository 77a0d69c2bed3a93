namespace Sworm.Generators.Tests;

public sealed class SwormSnapshotTests
{
    [Fact]
    public void A_bare_sworm_gets_the_default_options_and_the_whole_facade() =>
        Verify(TestSources.BareSworm, "MyApp.MyProcesses.Sworm.g.cs");

    [Fact]
    public void Every_option_set_on_the_attribute_becomes_a_constant() =>
        Verify(TestSources.EverySwormOption, "MyApp.MyTemporaryProcesses.Sworm.g.cs");

    [Fact]
    public void A_sworm_nested_in_partial_types_in_a_block_namespace_reopens_each_type() =>
        Verify(TestSources.NestedSworm, "MyApp.Nested.Outer.Middle.InnerProcesses.Sworm.g.cs");

    [Fact]
    public void A_sworm_in_a_file_scoped_namespace_is_emitted_in_that_namespace() =>
        Verify(TestSources.FileScopedSworm, "MyApp.FileScoped.FileScopedProcesses.Sworm.g.cs");

    [Fact]
    public void A_sworm_in_the_global_namespace_is_emitted_without_a_namespace() =>
        Verify(TestSources.GlobalSworm, "GlobalProcesses.Sworm.g.cs");

    private static void Verify(string source, string hintName, [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
    {
        var result = GeneratorRunner.Run(source);
        Assert.Empty(result.Diagnostics);
        Assert.Equal([hintName], result.HintNames);
        Snapshot.Verify(hintName, result.Source(hintName), testMethod: testMethod);
    }
}
