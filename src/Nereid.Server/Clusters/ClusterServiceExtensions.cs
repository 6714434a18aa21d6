using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters.Preflight;
using Nereid.Server.Runtime;

namespace Nereid.Server.Clusters;

/// <summary>Registers cluster connections, the reconciler and their options.</summary>
internal static class ClusterServiceExtensions
{
    /// <summary>Adds <c>Nereid:Clusters</c>, <c>Nereid:Reconciler</c>, <c>Nereid:Projection</c> and the reconciler host.</summary>
    public static IHostApplicationBuilder AddClusterServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<List<ClusterOptions>>().BindConfiguration(ClusterOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<List<ClusterOptions>>, ClusterOptionsValidator>();
        services.AddOptions<ReconcilerOptions>().BindConfiguration(ReconcilerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProjectionOptions>().BindConfiguration("Nereid:Projection");
        services.AddOptions<KubernetesClientOptions>().BindConfiguration(KubernetesClientOptions.SectionName);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ReconcilerOptions>>().Value);
        // Replaces the empty default only when clusters are configured, so the embedded default stays cluster-free.
        services.Replace(ServiceDescriptor.Singleton<IClusterConnections>(sp =>
            sp.GetRequiredService<IOptions<List<ClusterOptions>>>().Value.Count == 0
                ? new StaticClusterConnections([])
                : ActivatorUtilities.CreateInstance<ClusterConnections>(sp)));
        services.AddOptions<PreflightOptions>().BindConfiguration(PreflightOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PreflightResults>();
        services.AddSingleton<ClusterPreflight>();
        services.AddHostedService<PreflightService>();
        services.AddSingleton<NamespaceControllers>();
        services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<NamespaceControllers>());
        // One runtime per connected cluster: preflight, shared informers, one leader loop, every IClusterController.
        services.AddSingleton<ClusterRuntimeHost>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterRuntimeHost>());
        services.AddScoped<ClusterQueries>();
        services.AddScoped<NamespaceImporter>();
        services.AddScoped<NamespaceDiffService>();
        return builder;
    }
}

/// <summary>Checks every configured cluster (DataAnnotations plus: a kubeconfig or in-cluster, unique names).</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<List<ClusterOptions>>
{
    public ValidateOptionsResult Validate(string? name, List<ClusterOptions> options)
    {
        var errors = new List<string>();
        foreach (var (c, i) in options.Select((c, i) => (c, i)))
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(c, new ValidationContext(c), results, validateAllProperties: true);
            errors.AddRange(results.Select(r => $"Nereid:Clusters:{i}: {r.ErrorMessage}"));
            if (!c.InCluster && string.IsNullOrWhiteSpace(c.Kubeconfig))
            {
                errors.Add($"Nereid:Clusters:{i}: set Kubeconfig or InCluster=true.");
            }
            if (!string.IsNullOrEmpty(c.CertificateAuthority) && !IsPemOrBase64Pem(c.CertificateAuthority))
            {
                // Else the connection fails later with a bare FormatException (e.g. deploy/configmap.yaml's placeholder left in).
                errors.Add($"Nereid:Clusters:{i}:CertificateAuthority is neither PEM nor base64 of PEM.");
            }
        }
        errors.AddRange(options.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => $"Nereid:Clusters: name '{g.Key}' appears twice."));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsPemOrBase64Pem(string value)
    {
        const string begin = "-----BEGIN";
        if (value.Contains(begin, StringComparison.Ordinal))
        {
            return true;
        }
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var written)
            && System.Text.Encoding.UTF8.GetString(bytes, 0, written).Contains(begin, StringComparison.Ordinal);
    }
}
