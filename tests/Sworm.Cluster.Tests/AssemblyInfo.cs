// Cluster tests bind ports, start processes and assert on timings; on a 2-core machine they must not compete.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
