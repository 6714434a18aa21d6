using Nereid.Server.CliDownloads;

namespace Nereid.Server.Extensions;

/// <summary>Registers the self-contained CLI downloads.</summary>
internal static class CliDownloadsServiceExtensions
{
    public static IHostApplicationBuilder AddNereidCliDownloads(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CliDownloadOptions>().BindConfiguration(CliDownloadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CliDownloadCatalog>();
        return builder;
    }
}
