using Nereid.Bench.Prerequisites;
using Nereid.Bench.Scenarios;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Tests.Bench;

public class PrerequisitesTests
{
    private static string Script => Path.Combine(RepoPaths.Root, "scripts", "install-prerequisites.sh");

    [Fact]
    public async Task InstallScript_UnknownName_ExitsBeforeInstallingAndListsKnownNames()
    {
        var result = await ProcessRunner.RunAsync("bash", [Script, "no-such-thing"], cancellationToken: TestTimeout.Token);

        result.ExitCode.ShouldBe(64);
        result.StandardError.ShouldContain("unknown prerequisite 'no-such-thing'");
        result.StandardOutput.ShouldNotContain("system packages");
    }

    [Fact]
    public async Task InstallScript_AcceptsEveryNameTheBenchPasses()
    {
        // The script's own list of known names; every name the bench may pass must be in it.
        var text = await File.ReadAllTextAsync(Script, TestTimeout.Token);
        var known = text.Split('\n').Single(l => l.TrimStart().StartsWith("postgresql|", StringComparison.Ordinal)).Trim().TrimEnd(')', ' ', ';').Split('|');

        foreach (var prerequisite in Enum.GetValues<Prerequisite>())
        {
            known.ShouldContain(PrerequisiteProbe.ScriptName(prerequisite));
        }
    }

    [Fact]
    public async Task EnsureAsync_NothingNeeded_ReturnsTrue()
    {
        (await PrerequisiteInstaller.EnsureAsync("reconcile", [], TestTimeout.Token)).ShouldBeTrue();
    }

    [Fact]
    public void Prerequisites_EachScenario_DeclaresWhatItsHarnessesStart()
    {
        ScenarioRegistry.Find("api-list")!.Prerequisites.ShouldBe([Prerequisite.PostgreSql]);
        ScenarioRegistry.Find("auth-token")!.Prerequisites.ShouldBe([Prerequisite.Chromium, Prerequisite.Node], ignoreOrder: true);
        ScenarioRegistry.Find("violations")!.Prerequisites.ShouldBe([Prerequisite.Prometheus]);
        ScenarioRegistry.Find("reconcile")!.Prerequisites.ShouldBeEmpty();
        ScenarioRegistry.Find("slurm")!.Prerequisites.ShouldBe([Prerequisite.Slurm]);
    }
}
