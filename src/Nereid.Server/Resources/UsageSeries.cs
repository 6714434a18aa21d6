namespace Nereid.Server.Resources;

/// <summary>A usage time series: average requests per step and accumulated hours.</summary>
/// <param name="Subject">The namespace or institution.</param>
/// <param name="Points">One point per step from <paramref name="From"/> (steps without samples are zero).</param>
internal sealed record UsageSeries(string Kind, string Subject, DateTime From, DateTime To, int StepSeconds, IReadOnlyList<UsagePoint> Points, UsageTotals Totals);

/// <summary>Average requests over one step (hours in the step divided by the step's length).</summary>
internal sealed record UsagePoint(DateTime Time, double CpuCores, double MemoryBytes, double Gpus, IReadOnlyDictionary<string, double> GpusByType);

/// <summary>Accumulated usage over the whole range.</summary>
internal sealed record UsageTotals(double CpuCoreHours, double MemoryGiBHours, double GpuHours, IReadOnlyDictionary<string, double> GpuHoursByType);
