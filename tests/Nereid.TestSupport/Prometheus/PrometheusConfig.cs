using System.Globalization;
using System.Text;

namespace Nereid.TestSupport.Prometheus;

/// <summary>Renders the prometheus.yml for a test server: one scrape job per target URI.</summary>
public static class PrometheusConfig
{
    /// <summary>
    /// One job <c>target{i}</c> per URI, scraping its scheme, host:port and path (<c>metrics_path</c>) every
    /// <paramref name="scrapeInterval"/>; the scrape timeout equals the interval (Prometheus requires timeout ≤ interval).
    /// </summary>
    public static string Render(IEnumerable<Uri> scrapeTargets, TimeSpan scrapeInterval)
    {
        ArgumentNullException.ThrowIfNull(scrapeTargets);
        ArgumentOutOfRangeException.ThrowIfLessThan(scrapeInterval, TimeSpan.FromMilliseconds(1));
        var interval = string.Create(CultureInfo.InvariantCulture, $"{(long)scrapeInterval.TotalMilliseconds}ms");
        var yaml = new StringBuilder()
            .AppendLine("global:")
            .AppendLine($"  scrape_interval: {interval}")
            .AppendLine($"  scrape_timeout: {interval}")
            .AppendLine($"  evaluation_interval: {interval}")
            .AppendLine("scrape_configs:");
        var index = 0;
        foreach (var target in scrapeTargets)
        {
            ArgumentNullException.ThrowIfNull(target);
            if (!target.IsAbsoluteUri)
            {
                throw new ArgumentException($"Scrape target '{target}' must be an absolute URI.", nameof(scrapeTargets));
            }

            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - job_name: target{index++}")
                .AppendLine(CultureInfo.InvariantCulture, $"    scheme: {target.Scheme}")
                .AppendLine(CultureInfo.InvariantCulture, $"    metrics_path: '{target.AbsolutePath.Replace("'", "''", StringComparison.Ordinal)}'")
                .AppendLine("    static_configs:")
                .AppendLine(CultureInfo.InvariantCulture, $"      - targets: ['{target.Authority}']");
        }

        return yaml.ToString();
    }
}
