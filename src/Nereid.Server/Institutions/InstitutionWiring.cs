using Nereid.Server.Institutions;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into the institution list.</summary>
internal static class InstitutionWiring
{
    public static IHostApplicationBuilder AddNereidInstitutions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<InstitutionService>();
        builder.Services.AddScoped<InstitutionDirectory>();
        builder.Services.AddScoped<InstitutionSignIn>();
        return builder;
    }

    /// <summary>Maps /api/v1/institutions.</summary>
    public static RouteGroupBuilder MapInstitutionsApi(this RouteGroupBuilder api) => InstitutionsApi.Map(api);
}
