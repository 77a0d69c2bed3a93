using Microsoft.Extensions.DependencyInjection;
using Sworm.Diagnostics;
using Sworm.Testing;

namespace Sworm.Cluster.Tests.Infrastructure;

/// <summary>Reads one in-process member's Sworm instruments (every member has its own meter; they share the process).</summary>
internal static class MemberMetrics
{
    public static MetricsReader Of(TestMember member)
    {
        var meter = member.Services.GetRequiredService<SwormDiagnostics>().Instruments.Meter;
        return new MetricsReader(i => ReferenceEquals(i.Meter, meter));
    }
}
