using Nereid.Server.Policies;

namespace Nereid.Server.Extensions;

/// <summary>Registers the violations engine, its API services and the background scan.</summary>
internal static class PolicyServiceExtensions
{
    public static IHostApplicationBuilder AddNereidPolicies(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PolicyOptions>, PolicyOptionsValidator>();
        services.AddHttpClient(nameof(PrometheusClient));
        // One instance so its query counter spans the whole scan (and the process, for metrics).
        services.AddSingleton(sp => new PrometheusClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PrometheusClient)),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PolicyOptions>>()));
        services.AddHttpClient(nameof(ViolationNotifier)).AddNoticeWebhookResilience();
        // Shares the Resources pod informer (AddNereidResources registers InventoryService).
        services.AddSingleton<WorkloadCache>();
        services.AddScoped<UsageCollector>();
        services.AddScoped<ViolationNotifier>();
        services.AddScoped<PolicyEnforcer>();
        services.AddScoped<SessionIdleEnforcer>();
        services.AddScoped<ViolationScanner>();
        services.AddScoped<ViolationService>();
        services.AddScoped<ExceptionRequestService>();
        services.AddHostedService<PolicyScanService>();
        return builder;
    }
}
