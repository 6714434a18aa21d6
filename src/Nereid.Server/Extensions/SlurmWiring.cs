using Microsoft.Extensions.Options;
using Nereid.Server.Slurm;

// Lives in the Extensions namespace so the host wires the feature with one line and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry point into Slurm clusters.</summary>
internal static class SlurmWiring
{
    /// <summary>Registers <c>Nereid:Slurm</c> and its <c>Clusters</c> list (validated at start; empty by default), the desired-state reader, the projection service, the status store and queries, and the per-namespace status the namespace page shows.</summary>
    public static IHostApplicationBuilder AddNereidSlurm(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<List<SlurmClusterOptions>>().BindConfiguration(SlurmClusterOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<List<SlurmClusterOptions>>, SlurmClusterOptionsValidator>();
        builder.Services.AddSingleton<SlurmClusters>();
        builder.Services.AddOptions<SlurmOptions>().BindConfiguration(SlurmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<SlurmDesiredState>();
        builder.Services.AddScoped<SlurmClusterQueries>();
        builder.Services.AddScoped<SlurmNamespaceStatus>();
        builder.Services.AddSingleton<SlurmStatusStore>();
        builder.Services.AddHttpClient(SlurmProjectionService.HttpClientName);
        builder.Services.AddSingleton<SlurmProjectionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SlurmProjectionService>());
        return builder;
    }

    /// <summary>Maps GET /api/v1/slurm-clusters and /api/v1/slurm-clusters/{name}.</summary>
    public static RouteGroupBuilder MapSlurmApi(this RouteGroupBuilder api) => SlurmClustersApi.Map(api);
}
