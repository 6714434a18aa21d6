namespace Nereid.Cli.Tests.Api;

/// <summary>
/// The set-up every CLI command test against <see cref="FakeNereidApi"/> shares: a fresh fake API and an empty home
/// directory per test, and the CLI run in process with the fake's address and token, its output captured.
/// </summary>
public abstract class FakeApiCommandTests : IAsyncLifetime
{
    /// <summary>The fake API of this test.</summary>
    protected FakeNereidApi Api { get; private set; } = null!;

    /// <summary>The CLI's <c>HOME</c>: empty at the start, deleted at the end.</summary>
    protected string Home { get; } = Directory.CreateTempSubdirectory("nereid-cli-home-").FullName;

    public async Task InitializeAsync()
    {
        Api = await FakeNereidApi.StartAsync();
        Seed(Api);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        Directory.Delete(Home, recursive: true);
    }

    /// <summary>What every test of the class expects the API to hold from the start.</summary>
    protected virtual void Seed(FakeNereidApi api)
    {
    }

    /// <summary>Runs the CLI with <see cref="Home"/>, the fake's address and the token it accepts.</summary>
    protected Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunWithAsync(new()
    {
        ["HOME"] = Home, ["NEREID_SERVER"] = Api.BaseUrl, ["NEREID_TOKEN"] = FakeNereidApi.ExpectedToken,
    }, args);

    /// <summary>Runs the CLI with exactly <paramref name="vars"/> as its environment.</summary>
    protected static async Task<(int Code, string Out, string Err)> RunWithAsync(Dictionary<string, string> vars, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment { Out = stdout, Err = stderr, GetVariable = vars.GetValueOrDefault };
        var code = await CliApp.RunAsync(args, env, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
