using Microsoft.Extensions.Hosting;

namespace Sworm.Hosting;

/// <summary>Starts the member with the host and leaves the cluster gracefully when the host stops.</summary>
internal sealed class SwormHostedService(SwormMember member) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => member.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => member.StopAsync(cancellationToken);
}
