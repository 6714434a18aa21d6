namespace Nereid.TestSupport.Prometheus;

/// <summary>One element of an instant-query result: the series labels, its value and the evaluation time.</summary>
/// <param name="Labels">Series labels including <c>__name__</c> when the query keeps it.</param>
/// <param name="Value">The sample value.</param>
/// <param name="Timestamp">The evaluation instant.</param>
public sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value, DateTimeOffset Timestamp);
