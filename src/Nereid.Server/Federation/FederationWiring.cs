using Nereid.Server.Federation;
using Nereid.Server.Runtime;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into federation through Admiralty.</summary>
internal static class FederationWiring
{
    /// <summary>Binds <c>Nereid:Federation</c>, registers the service, the status board and the controller of every cluster's runtime.</summary>
    public static IHostApplicationBuilder AddNereidFederation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<FederationOptions>().BindConfiguration(FederationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<FederationStatus>();
        builder.Services.AddSingleton<FederationController>();
        builder.Services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<FederationController>());
        builder.Services.AddScoped<FederationService>();
        return builder;
    }

    /// <summary>Maps GET/PUT /api/v1/namespaces/{name}/federation.</summary>
    public static RouteGroupBuilder MapFederationApi(this RouteGroupBuilder api) => FederationApi.Map(api);
}
