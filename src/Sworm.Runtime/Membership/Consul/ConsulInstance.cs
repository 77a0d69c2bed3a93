using Proto.Cluster;

namespace Sworm.Membership.Consul;

/// <summary>
/// One passing instance of the cluster's service as a health query listed it.
/// </summary>
/// <param name="Member">The Proto member it stands for (id from <c>Meta["id"]</c>, kinds from the tags).</param>
/// <param name="CheckIndex">The highest <c>ModifyIndex</c> of its checks: grows whenever a check changes state.</param>
internal sealed record ConsulInstance(Member Member, long CheckIndex);
