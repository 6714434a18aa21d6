using System.Text.Json;

namespace Nereid.Cli.Tests.Api;

public sealed class ApiCommandTests : IAsyncLifetime
{
    private FakeNereidApi _api = null!;
    private readonly string _home = Directory.CreateTempSubdirectory("nereid-cli-home-").FullName;

    public async Task InitializeAsync() => _api = await FakeNereidApi.StartAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => await RunWithAsync(new()
    {
        ["HOME"] = _home, ["NEREID_SERVER"] = _api.BaseUrl, ["NEREID_TOKEN"] = FakeNereidApi.ExpectedToken,
    }, args);

    private static async Task<(int Code, string Out, string Err)> RunWithAsync(Dictionary<string, string> vars, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment { Out = stdout, Err = stderr, GetVariable = vars.GetValueOrDefault };
        var code = await CliApp.RunAsync(args, env, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private void Seed(string name, string institution) => _api.Namespaces[name] = new()
    {
        ["name"] = name, ["institution"] = institution, ["state"] = "active", ["memberCount"] = 3, ["pis"] = new[] { "Dr. Who" },
    };

    [Fact]
    public async Task NsList_SeveralPages_FollowsContinueAndPrintsAll()
    {
        Seed("astro", "UCSD");
        Seed("bio", "UNL");
        Seed("chem", "SDSU");

        var (code, stdout, stderr) = await RunAsync("ns", "list");

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("astro");
        stdout.ShouldContain("bio");
        stdout.ShouldContain("chem");
        _api.Requests.Count(r => r.StartsWith("GET /api/v1/namespaces?")).ShouldBe(2);
    }

    [Fact]
    public async Task NsShow_Existing_PrintsDetails()
    {
        Seed("astro", "UC San Diego");
        var (code, stdout, _) = await RunAsync("ns", "show", "astro");
        code.ShouldBe(0);
        stdout.ShouldContain("UC San Diego");
        stdout.ShouldContain("Dr. Who");
    }

    [Fact]
    public async Task NsShow_Missing_PrintsProblemTitleAndDetailAndExits1()
    {
        var (code, stdout, stderr) = await RunAsync("ns", "show", "nope");
        code.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.Trim().ShouldBe("Not Found: namespace nope does not exist");
    }

    [Fact]
    public async Task NsCreate_Valid_PostsAllFields()
    {
        var (code, stdout, stderr) = await RunAsync("ns", "create", "genomics", "--institution", "UCSD", "--pi", "Ada", "--pi", "Grace",
            "--description", "sequencing", "--grant", "NSF-123");

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("namespace/genomics created");
        var ns = _api.Namespaces["genomics"];
        ns["institution"].ShouldBe("UCSD");
        ((List<string?>)ns["pis"]!).ShouldBe(["Ada", "Grace"]);
        ((List<string?>)ns["grants"]!).ShouldBe(["NSF-123"]);
    }

    [Fact]
    public async Task NsCreate_Duplicate_PrintsConflict()
    {
        Seed("astro", "UCSD");
        var (code, _, stderr) = await RunAsync("ns", "create", "astro", "--institution", "UCSD", "--pi", "Ada", "--description", "x");
        code.ShouldBe(1);
        stderr.ShouldContain("Conflict: namespace astro already exists");
    }

    [Fact]
    public async Task MembersAddThenRemove_UpdatesMembership()
    {
        var (addCode, _, addErr) = await RunAsync("members", "add", "astro", "bob@unl.edu", "--role", "admin");
        addCode.ShouldBe(0, addErr);
        _api.Members[("astro", "bob@unl.edu")].ShouldBe("admin");

        var (listCode, listOut, _) = await RunAsync("members", "list", "astro");
        listCode.ShouldBe(0);
        listOut.ShouldContain("bob@unl.edu");

        var (removeCode, _, removeErr) = await RunAsync("members", "remove", "astro", "bob@unl.edu");
        removeCode.ShouldBe(0, removeErr);
        _api.Members.ShouldNotContainKey(("astro", "bob@unl.edu"));
    }

    [Fact]
    public async Task MembersAdd_InvalidRole_RejectedBeforeAnyRequest()
    {
        var (code, _, _) = await RunAsync("members", "add", "astro", "bob@unl.edu", "--role", "owner");
        code.ShouldNotBe(0);
        _api.Requests.ShouldBeEmpty();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ConfigGet_ToFile_WritesKubeconfigPrivately()
    {
        var file = Path.Combine(_home, "kubeconfig");
        var (code, _, stderr) = await RunAsync("config", "get", "--cluster", "nautilus", "--variant", "kubelogin", "-o", file);

        code.ShouldBe(0, stderr);
        (await File.ReadAllTextAsync(file)).ShouldContain("# cluster nautilus variant kubelogin");
        File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Whoami_WithToken_PrintsServerAnswer()
    {
        var (code, stdout, _) = await RunAsync("whoami");
        code.ShouldBe(0);
        JsonDocument.Parse(stdout).RootElement.GetProperty("email").GetString().ShouldBe("alice@ucsd.edu");
    }

    [Fact]
    public async Task Whoami_WrongToken_PrintsUnauthorizedAndExits1()
    {
        var (code, _, stderr) = await RunWithAsync(new() { ["HOME"] = _home, ["NEREID_SERVER"] = _api.BaseUrl, ["NEREID_TOKEN"] = "wrong" }, "whoami");
        code.ShouldBe(1);
        stderr.ShouldContain("Unauthorized: a valid bearer token is required");
    }

    [Fact]
    public async Task Whoami_ServerFromConfigFile_UsesIt()
    {
        Directory.CreateDirectory(Path.Combine(_home, ".config", "nereid"));
        await File.WriteAllTextAsync(Path.Combine(_home, ".config", "nereid", "config.json"), $$"""{"server":"{{_api.BaseUrl}}"}""");
        var (code, stdout, stderr) = await RunWithAsync(new() { ["HOME"] = _home, ["NEREID_TOKEN"] = FakeNereidApi.ExpectedToken }, "whoami");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("alice@ucsd.edu");
    }

    [Fact]
    public async Task Whoami_NoServerAnywhere_ExplainsHowToSetIt()
    {
        var (code, _, stderr) = await RunWithAsync(new() { ["HOME"] = _home }, "whoami");
        code.ShouldBe(1);
        stderr.ShouldContain("NEREID_SERVER");
    }
}
