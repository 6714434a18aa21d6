namespace Nereid.Server.Startup;

internal static class StartupServiceExtensions
{
    /// <summary>Start-up work that waits for the database; call before any other feature registers a hosted service.</summary>
    public static IHostApplicationBuilder AddNereidStartup(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StartupOptions>().BindConfiguration(StartupOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.DatabaseRetryMax >= o.DatabaseRetryInitial, "Nereid:Startup:DatabaseRetryMax must be at least DatabaseRetryInitial.")
            .ValidateOnStart();
        builder.Services.AddSingleton<StartupReadiness>();
        builder.Services.AddHostedService<DatabaseStartup>();
        return builder;
    }
}
