using Nereid.Server.Api;

namespace Nereid.Server.Identity;

/// <summary>Registration of federated login, linked identities and kubeconfig download (the schemes are in <c>AddNereidAuth</c>).</summary>
internal static class NereidIdentityExtensions
{
    /// <summary>Services behind <c>/login/external</c>, the profile's linked sign-in methods, OIDC bearer tokens and kubeconfigs.</summary>
    public static IHostApplicationBuilder AddNereidIdentity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ServerIdentityOptions>().BindConfiguration(ServerIdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ExternalLoginService>();
        builder.Services.AddScoped<KubeconfigService>();
        builder.Services.AddScoped<ClusterClaimWarnings>();
        return builder;
    }

    /// <summary>Maps the identity endpoints under <c>/api/v1</c> (pages are found by <c>MapRazorPages</c>).</summary>
    public static WebApplication MapNereidIdentity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapApiGroup().MapKubeconfigApi();
        return app;
    }
}
