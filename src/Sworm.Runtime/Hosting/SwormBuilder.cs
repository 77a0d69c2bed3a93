using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sworm.Configuration;
using Sworm.Hosting;

namespace Sworm;

/// <summary>Adds sworms to this member: <c>.AddSworm&lt;MyProcesses&gt;()</c>.</summary>
public sealed class SwormBuilder
{
    internal SwormBuilder(IServiceCollection services) => Services = services;

    /// <summary>The host's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// This member runs <typeparamref name="T"/>: it hosts the sworm's processes and can call it. The facade
    /// <typeparamref name="T"/> is available from DI. Options come from the <c>[Sworm]</c> attribute, then
    /// configuration section <c>Sworm:Sworms:{name}</c>, then <c>services.Configure&lt;SwormOptions&gt;(name, …)</c>.
    /// </summary>
    public SwormBuilder AddSworm<T>() where T : class, ISworm<T>
    {
        var declaration = T.Declaration;
        if (Services.Any(d => d.ImplementationInstance is SwormRegistration r && r.Declaration.Name == declaration.Name))
        {
            throw new InvalidOperationException($"Sworm '{declaration.Name}' was added twice to this member; add each sworm once.");
        }

        Services.AddSingleton(new SwormRegistration(declaration));

        // First in line, so the user's own Configure<SwormOptions>(name, …) calls override it wherever they are.
        Services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<SwormOptions>>(sp =>
            new ConfigureNamedOptions<SwormOptions>(declaration.Name, options => ApplyDeclaration(options, declaration, sp.GetService<IConfiguration>()))));
        Services.AddSingleton(sp => T.Create(sp.GetRequiredService<SwormMember>().Client(declaration.Name)));
        return this;
    }

    private static void ApplyDeclaration(SwormOptions options, SwormDeclaration declaration, IConfiguration? configuration)
    {
        options.Restart = declaration.Restart;
        options.Handoff = declaration.Handoff;
        options.HandoffTimeoutMs = declaration.HandoffTimeoutMs;
        options.RebalanceOnJoin = declaration.RebalanceOnJoin;
        options.RebalanceMovesPerSecond = declaration.RebalanceMovesPerSecond;
        if (configuration?.GetSection("Sworm:Sworms:" + declaration.Name) is { } section)
        {
            SwormOptionsConfiguration.Apply(section, options, declaration.Name);
        }
    }
}
