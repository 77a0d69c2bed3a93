using Sworm.Workers;
using Xunit;

namespace Sworm.Runtime.Tests.Serialization;

/// <summary>How a worker's constructor arguments are read back from its spec: each element of the JSON array by position.</summary>
public sealed class WorkerArgumentsReaderTests
{
    public sealed record Point(int X, int Y);

    private static WorkerArgumentsReader Reader(string arguments) => new(new WorkerSpec("Some.Worker", "", arguments));

    [Fact]
    public void Each_argument_is_read_by_position_whatever_its_shape()
    {
        var reader = Reader("""[ "a \"quoted\" ✓", 42, {"X":1,"Y":[2]} , [[1],[2,3]], null, {"X":5,"Y":6} ]""");

        Assert.Equal(6, reader.Count);
        Assert.Equal("a \"quoted\" ✓", reader.Get<string>(0, "text"));
        Assert.Equal(42, reader.Get<int>(1, "number"));
        Assert.Equal("""{"X":1,"Y":[2]}""", reader.Get<System.Text.Json.JsonElement>(2, "raw").GetRawText());
        Assert.Equal([1, 2, 3], reader.Get<int[][]>(3, "nested").SelectMany(x => x));
        Assert.Null(reader.Get<string?>(4, "nothing"));
        Assert.Equal(new Point(5, 6), reader.Get<Point>(5, "point"));
        Assert.Equal(0, Reader("[]").Count);
    }

    [Theory]
    [InlineData("""{"X":1}""")]
    [InlineData("""[1, 2""")]
    [InlineData("""[1] [2]""")]
    [InlineData("""not json""")]
    public void Arguments_that_are_not_one_JSON_array_are_a_clear_error(string arguments)
    {
        var error = Assert.Throws<ArgumentException>(() => Reader(arguments));
        Assert.Contains("are not valid", error.Message);
        Assert.Contains("generated Spec(...)", error.Message);
    }

    [Fact]
    public void A_missing_or_mistyped_argument_names_the_parameter()
    {
        var reader = Reader("""["x"]""");
        Assert.Contains("'count' at position 1", Assert.Throws<ArgumentException>(() => reader.Get<int>(1, "count")).Message);
        Assert.Contains("'text'", Assert.Throws<ArgumentException>(() => reader.Get<int>(0, "text")).Message);
    }
}
