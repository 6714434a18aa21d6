using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Nereid.Server.Policies;

/// <summary>One element of an instant-vector result: its labels and value.</summary>
internal sealed record PromSeries(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : "";
}

/// <summary>
/// The smallest Prometheus HTTP API client the engine needs: instant queries (<c>/api/v1/query</c>).
/// Counts queries so the scan can prove it asks one per policy.
/// </summary>
internal sealed class PrometheusClient(HttpClient http, IOptions<PolicyOptions> options)
{
    private long _queries;

    /// <summary>Queries sent since start.</summary>
    public long QueryCount => Interlocked.Read(ref _queries);

    /// <summary>Whether a Prometheus URL is configured.</summary>
    public bool IsConfigured => options.Value.PrometheusUrl is not null;

    /// <summary>Runs <paramref name="promql"/> at <paramref name="at"/> and returns the vector.</summary>
    /// <exception cref="HttpRequestException">Prometheus could not be reached or refused the query.</exception>
    public async Task<IReadOnlyList<PromSeries>> QueryAsync(string promql, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(promql);
        var baseUrl = options.Value.PrometheusUrl ?? throw new InvalidOperationException("Nereid:Policies:PrometheusUrl is not set.");
        Interlocked.Increment(ref _queries);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.PrometheusTimeout);
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = promql,
            ["time"] = (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture),
        });
        using var response = await http.PostAsync(new Uri(baseUrl, "api/v1/query"), body, timeout.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: timeout.Token);
        var root = doc.RootElement;
        if (!response.IsSuccessStatusCode || root.GetProperty("status").GetString() != "success")
        {
            var error = root.TryGetProperty("error", out var e) ? e.GetString() : response.ReasonPhrase;
            throw new HttpRequestException($"Prometheus query failed ({(int)response.StatusCode}): {error}");
        }
        return Parse(root.GetProperty("data"));
    }

    private static List<PromSeries> Parse(JsonElement data)
    {
        var result = new List<PromSeries>();
        if (data.GetProperty("resultType").GetString() != "vector")
            return result;
        foreach (var item in data.GetProperty("result").EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var l in item.GetProperty("metric").EnumerateObject())
                labels[l.Name] = l.Value.GetString() ?? "";
            var text = item.GetProperty("value")[1].GetString();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsNaN(value))
                result.Add(new PromSeries(labels, value));
        }
        return result;
    }
}
