using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

/// <summary>What a pass reads from slurmrestd's lists.</summary>
public sealed class SlurmRestClientObserveTests
{
    [Fact]
    public async Task ObserveAsync_CoordinatorsInheritedFromAccountsAbove_NotTheAccountsOwn()
    {
        // As slurmdbd 22.05 lists them: the account's own coordinators with "direct": 1, those of the accounts above it
        // (here a coordinator of the institution's parent account) with "direct": 0.
        var handler = new FakeSlurmRest
        {
            Accounts =
            [
                """{"name":"inst-psi","description":"PSI","organization":"PSI","coordinators":[{"name":"carol","direct":1}]}""",
                """{"name":"physics","description":"Physics","organization":"PSI","coordinators":[{"name":"carol","direct":0},{"name":"alice","direct":1},{"name":"bob"}]}""",
                """{"name":"chemistry","description":"Chemistry","organization":"PSI"}""",
            ],
        };

        var observed = await handler.Client().ObserveAsync(default);

        observed.Accounts.Single(a => a.Name == "inst-psi").Coordinators.ShouldBe(["carol"]);
        // An entry without the flag counts as the account's own, as slurmdbd's first query gives them.
        observed.Accounts.Single(a => a.Name == "physics").Coordinators.ShouldBe(["alice", "bob"]);
        observed.Accounts.Single(a => a.Name == "chemistry").Coordinators.ShouldBeEmpty();
    }
}
