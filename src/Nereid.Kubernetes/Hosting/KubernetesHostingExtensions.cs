using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;

namespace Nereid.Kubernetes.Hosting;

/// <summary>Registers the Kubernetes client for the Nereid server.</summary>
public static class KubernetesHostingExtensions
{
    /// <summary>
    /// Binds <see cref="KubernetesClientOptions"/> (<c>Kubernetes:Client</c>) and <see cref="KubernetesConnectionOptions"/>
    /// (<c>Kubernetes</c>), and registers a singleton <see cref="IKubeClient"/>. A <see cref="KubeClusterConnection"/>
    /// registered earlier (tests, the API double) takes precedence over configuration.
    /// </summary>
    public static IHostApplicationBuilder AddNereidKubernetes(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<KubernetesClientOptions>().BindConfiguration(KubernetesClientOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KubernetesConnectionOptions>().BindConfiguration(KubernetesConnectionOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CreateConnection(sp.GetRequiredService<IOptions<KubernetesConnectionOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IKubeClient>(sp => new KubeClient(
            sp.GetRequiredService<KubeClusterConnection>(),
            sp.GetRequiredService<IOptions<KubernetesClientOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<KubeClient>>()));
        return builder;
    }

    /// <summary>Builds the connection the options describe.</summary>
    public static KubeClusterConnection CreateConnection(KubernetesConnectionOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var inCluster = options.Mode == KubernetesConnectionMode.InCluster
            || (options.Mode == KubernetesConnectionMode.Auto && options.KubeConfigPath is null && InClusterConfig.IsAvailable());
        if (inCluster)
        {
            return InClusterConfig.Create();
        }
        var config = options.KubeConfigPath is { } path ? KubeConfigLoader.LoadFile(path) : KubeConfigLoader.LoadDefault();
        return KubeConfigLoader.CreateConnection(config, timeProvider, options.Context);
    }
}
