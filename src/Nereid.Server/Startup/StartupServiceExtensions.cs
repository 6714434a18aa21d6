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
        // First of all hosted services, also before Data Protection's, which reads its key ring from the database when it
        // starts: on a new database that read came before the migrations had made the table, and logged an error at every
        // first start.
        var first = builder.Services.TakeWhile(d => d.ServiceType != typeof(IHostedService)).Count();
        builder.Services.Insert(first, ServiceDescriptor.Singleton<IHostedService, DatabaseStartup>());
        return builder;
    }
}
