using Nereid.Server.Posix;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into POSIX identities.</summary>
internal static class PosixWiring
{
    /// <summary>Registers <see cref="PosixIdentityService"/> and validated <see cref="PosixOptions"/> (<c>Nereid:Posix</c>).</summary>
    public static IHostApplicationBuilder AddNereidPosix(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PosixOptions>().BindConfiguration(PosixOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<PosixIdentityService>();
        return builder;
    }

    /// <summary>Maps the POSIX identity endpoints.</summary>
    public static RouteGroupBuilder MapPosixApi(this RouteGroupBuilder api) => PosixApi.Map(api);
}
