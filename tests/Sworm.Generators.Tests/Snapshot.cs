using System.Runtime.CompilerServices;

namespace Sworm.Generators.Tests;

/// <summary>
/// A small stand-in for Verify: compares generated source with <c>Snapshots/&lt;Class&gt;.&lt;Method&gt;#&lt;hint&gt;.verified.cs</c>.
/// On a difference it writes <c>*.received.cs</c> beside it and fails. Run the tests with
/// <c>SWORM_ACCEPT_SNAPSHOTS=1</c> to overwrite the verified files with what the generator emits now.
/// </summary>
internal static class Snapshot
{
    private const string AcceptVariable = "SWORM_ACCEPT_SNAPSHOTS";

    /// <param name="hintName">The generated file's hint name.</param>
    /// <param name="actual">The generated source.</param>
    /// <param name="testFile">Filled by the compiler; the class name is the file name.</param>
    /// <param name="testMethod">Filled by the compiler.</param>
    public static void Verify(string hintName, string actual, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var hint = hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName;
        var stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(testFile)}.{testMethod}#{hint}");
        var verifiedPath = stem + ".verified.cs";
        var receivedPath = stem + ".received.cs";

        actual = Normalize(actual);
        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(
            (expected is null ? $"No snapshot yet: {verifiedPath}." : $"The generated source differs from {verifiedPath}.") +
            $" What the generator emits now is in {receivedPath}. If it is right, run the tests with {AcceptVariable}=1" +
            " (or rename the .received.cs file to .verified.cs) and commit the snapshot.");
    }

    /// <summary>
    /// Line endings differ between checkouts; the generator's version changes with every release and would
    /// make every snapshot differ for nothing, so it is replaced by a placeholder.
    /// </summary>
    private static string Normalize(string text) =>
        text.Replace("\r\n", "\n")
            .Replace($"\"Sworm.Generators\", \"{Emitting.GeneratedCode.Version}\"", "\"Sworm.Generators\", \"{version}\"");
}
