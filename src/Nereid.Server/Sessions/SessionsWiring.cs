using Microsoft.Extensions.Options;
using Nereid.Server.Runtime;
using Nereid.Server.Sessions;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into interactive sessions.</summary>
internal static class SessionsWiring
{
    /// <summary>Registers the options, the catalogue, the claims reader (a controller of every runtime), the options service and the JupyterHub client.</summary>
    public static IHostApplicationBuilder AddNereidSessions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SessionsOptions>().BindConfiguration(SessionsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionsOptions>, SessionsOptionsValidator>();
        services.AddSingleton<SessionClaims>();
        services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<SessionClaims>());
        services.AddScoped<SessionImageService>();
        services.AddSingleton<SessionOptionsCache>();
        services.AddScoped<ISessionOptionsComputer, SessionOptionsService>();
        services.AddHttpClient<JupyterHubClient>();
        services.AddScoped<SessionListService>();
        return builder;
    }

    /// <summary>Maps /api/v1/sessions.</summary>
    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder api) => SessionsApi.Map(api);
}
