using Nereid.Server.Ledger;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into the usage ledger.</summary>
internal static class LedgerWiring
{
    /// <summary>Registers <see cref="LedgerQueries"/>, validated <see cref="LedgerOptions"/> (<c>Nereid:Ledger</c>) and the scheduled, leader-only import.</summary>
    public static IHostApplicationBuilder AddNereidLedger(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<LedgerQueries>();
        builder.Services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LedgerImportService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LedgerImportService>());
        return builder;
    }

    /// <summary>Maps GET /api/v1/usage/ledger.</summary>
    public static RouteGroupBuilder MapLedgerApi(this RouteGroupBuilder api) => LedgerApi.Map(api);
}
