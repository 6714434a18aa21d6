using System.Globalization;
using System.Text.Json;

namespace Nereid.TestSupport.Prometheus;

/// <summary>PromQL helpers over the HTTP API (<c>/api/v1/query</c>).</summary>
public sealed partial class PrometheusServer
{
    /// <summary>Default poll interval of <see cref="WaitForSeriesAsync"/>: 200 ms.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs an instant query at <paramref name="time"/> (default: server's now) and returns the vector, or a single
    /// label-less sample for a scalar result.
    /// </summary>
    /// <exception cref="InvalidOperationException">Prometheus rejected the query; the message carries its error.</exception>
    public async Task<IReadOnlyList<PromSample>> QueryAsync(string promql, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(promql);
        var form = new Dictionary<string, string> { ["query"] = promql };
        if (time is { } at)
        {
            form["time"] = (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
        }

        using var response = await _http.PostAsync("api/v1/query", new FormUrlEncodedContent(form), cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException(
                $"Query '{promql}' failed: {root.GetProperty("errorType").GetString()}: {root.GetProperty("error").GetString()}");
        }

        var data = root.GetProperty("data");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => [.. data.GetProperty("result").EnumerateArray().Select(e => ParseSample(e.GetProperty("metric"), e.GetProperty("value")))],
            "scalar" => [ParseSample(null, data.GetProperty("result"))],
            var other => throw new InvalidOperationException($"Query '{promql}' returned unsupported result type '{other}'."),
        };
    }

    /// <summary>
    /// Polls <paramref name="promql"/> until it returns at least one sample (e.g. the first scrape landed) and returns them.
    /// </summary>
    /// <exception cref="TimeoutException">Still empty after <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyList<PromSample>> WaitForSeriesAsync(string promql, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(promql);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var result = await QueryAsync(promql, cancellationToken: cancellationToken);
            if (result.Count > 0)
            {
                return result;
            }

            if (Environment.TickCount64 >= deadline)
            {
                throw new TimeoutException($"'{promql}' returned no series within {timeout}. Log: {LogFile}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static PromSample ParseSample(JsonElement? metric, JsonElement value)
    {
        var labels = new Dictionary<string, string>();
        if (metric is { } m)
        {
            foreach (var property in m.EnumerateObject())
            {
                labels[property.Name] = property.Value.GetString() ?? "";
            }
        }

        // value is [ <unix seconds as number>, "<value as string>" ].
        var seconds = value[0].GetDouble();
        var number = double.Parse(value[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new PromSample(labels, number, DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)));
    }
}
