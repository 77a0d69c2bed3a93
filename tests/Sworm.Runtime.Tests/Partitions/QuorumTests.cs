using Sworm.Lifecycle;
using Xunit;

namespace Sworm.Runtime.Tests.Partitions;

/// <summary>The static quorum on its own.</summary>
public sealed class QuorumTests
{
    [Fact]
    public void Without_a_quorum_a_member_is_never_below_it()
    {
        var quorum = new Quorum { LiveMembers = () => 1 };

        Assert.False(quorum.IsBelow);
        quorum.Ensure("S", "RegisterName");
    }

    [Fact]
    public void Below_the_quorum_registrations_are_refused_with_the_reason()
    {
        var live = 2;
        var quorum = new Quorum { Required = 3, LiveMembers = () => live };

        Assert.True(quorum.IsBelow);
        var e = Assert.Throws<SwormUnavailableException>(() => quorum.Ensure("S", "RegisterName"));
        Assert.Contains("static quorum of 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("sees 2 live member(s)", e.Message, StringComparison.Ordinal);

        live = 3;
        Assert.False(quorum.IsBelow);
        quorum.Ensure("S", "RegisterName");
    }
}
