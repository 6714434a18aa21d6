namespace Nereid.Bench.Scenarios;

/// <summary>A placeholder for a scenario that another part of the project will implement; says so and exits 2.</summary>
/// <param name="name">The scenario name.</param>
/// <param name="measures">What the finished scenario will measure, shown in the message.</param>
public sealed class PendingScenario(string name, string measures) : IBenchScenario
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"scenario '{Name}' is not implemented yet (it will measure: {measures}).");
        return Task.FromResult(BenchProgram.NotImplementedExitCode);
    }
}
