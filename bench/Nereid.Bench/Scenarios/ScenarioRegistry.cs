namespace Nereid.Bench.Scenarios;

/// <summary>Every scenario the bench knows. Adding one is a new <see cref="IBenchScenario"/> file plus one line here.</summary>
public static class ScenarioRegistry
{
    /// <summary>All scenarios, in the order shown by the usage message.</summary>
    public static IReadOnlyList<IBenchScenario> All { get; } =
    [
        new ApiListScenario(),
        new ReconcileScenario(),
        new FailoverScenario(),
        new AuthTokenScenario(),
        new ViolationsScenario(),
        new SlurmScenario(),
        new IdpScenario(),
        new SessionOptionsScenario(),
        new StorageScenario(),
        new SigninTimingScenario(),
        new FederationScenario(),
    ];

    /// <summary>The scenario called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static IBenchScenario? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
    }
}
