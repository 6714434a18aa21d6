namespace Nereid.Bench.Scenarios;

/// <summary>
/// One benchmark, run by name. Implementations print progress freely but end with exactly one
/// <see cref="Reporting.ResultLine"/> as the last line, and return a process exit code (0 = measured).
/// </summary>
public interface IBenchScenario
{
    /// <summary>The command-line name, e.g. <c>api-list</c>.</summary>
    string Name { get; }

    /// <summary>What the scenario needs beyond the .NET SDK; installed (or asked for) before it runs.</summary>
    IReadOnlyCollection<Prerequisites.Prerequisite> Prerequisites => [];

    /// <summary>Runs the scenario with the arguments that followed its name.</summary>
    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
