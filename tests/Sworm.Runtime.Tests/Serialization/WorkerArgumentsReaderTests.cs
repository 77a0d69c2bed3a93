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

    [Fact]
    public void A_spec_with_many_arguments_keeps_each_in_its_place()
    {
        // More than the reader gathers on the stack: the rest go to a list, in order.
        var values = Enumerable.Range(0, 13).ToArray();
        var reader = Reader("[" + string.Join(", ", values.Select(v => v % 2 == 0 ? v.ToString() : $"\"s{v}\"")) + "]");

        Assert.Equal(13, reader.Count);
        foreach (var v in values)
        {
            if (v % 2 == 0)
            {
                Assert.Equal(v, reader.Get<int>(v, "n" + v));
            }
            else
            {
                Assert.Equal("s" + v, reader.Get<string>(v, "s" + v));
            }
        }
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
