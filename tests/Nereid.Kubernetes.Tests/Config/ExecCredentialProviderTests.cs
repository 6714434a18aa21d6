using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Config;

public sealed class ExecCredentialProviderTests : IDisposable
{
    // Counts its runs in a file, records KUBERNETES_EXEC_INFO and prints a token numbered by the run.
    private const string Script = """
        #!/bin/sh
        n=$(cat "$STATE/count" 2>/dev/null || echo 0)
        n=$((n+1))
        echo "$n" > "$STATE/count"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$STATE/info.json"
        printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"token-%s","expirationTimestamp":"%s"}}\n' "$API" "$n" "$EXPIRY"
        """;

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private ExecCredentialProvider Create(string script = Script, string api = "client.authentication.k8s.io/v1", bool clusterInfo = false)
    {
        var path = _dir.Write("plugin.sh", script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var config = new ExecConfig
        {
            ApiVersion = api,
            Command = path,
            Args = ["get-token"],
            Env = new() { ["STATE"] = _dir.Path, ["API"] = api, ["EXPIRY"] = "2026-01-01T01:00:00Z" },
            ProvideClusterInfo = clusterInfo,
        };
        return new ExecCredentialProvider(config, _time, new Uri("https://kube.test:6443"), "PEM");
    }

    private int Runs => int.Parse(File.ReadAllText(Path.Combine(_dir.Path, "count")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task GetAsync_BeforeExpiry_RunsPluginOnce()
    {
        using var provider = Create(clusterInfo: true);

        (await provider.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("token-1");
        (await provider.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("token-1");

        Runs.ShouldBe(1);
        using var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.Path, "info.json")));
        info.RootElement.GetProperty("kind").GetString().ShouldBe("ExecCredential");
        info.RootElement.GetProperty("spec").GetProperty("interactive").GetBoolean().ShouldBeFalse();
        info.RootElement.GetProperty("spec").GetProperty("cluster").GetProperty("server").GetString().ShouldBe("https://kube.test:6443/");
    }

    [Fact]
    public async Task GetAsync_AfterExpiryOrInvalidate_RunsPluginAgain()
    {
        using var provider = Create("#!/bin/sh\n" + Script.Split('\n', 2)[1], api: "client.authentication.k8s.io/v1beta1");

        (await provider.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("token-1");
        _time.Advance(TimeSpan.FromMinutes(59));
        (await provider.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("token-1");
        _time.Advance(TimeSpan.FromSeconds(55)); // inside the 10 s early-refresh window before 01:00
        (await provider.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("token-2");
        provider.Invalidate();
        (await provider.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("token-3");

        Runs.ShouldBe(3);
    }

    [Fact]
    public async Task GetAsync_DocsFixtureOutput_ParsesTokenAndExpiry()
    {
        var fixture = _dir.Write("cred.json", Fixture.Read("exec-credential-v1.json"));
        using var provider = Create($"#!/bin/sh\necho run >> \"$STATE/runs\"\ncat '{fixture}'\n");

        (await provider.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("my-bearer-token");
        // The fixture expired in 2018, so it is never served from cache.
        await provider.GetAsync(CancellationToken.None);
        File.ReadAllLines(Path.Combine(_dir.Path, "runs")).Length.ShouldBe(2);
    }

    [Fact]
    public async Task GetAsync_WrongApiVersionOrFailure_Throws()
    {
        using var wrong = Create(Script.Replace("\"$API\"", "\"other/v1\"", StringComparison.Ordinal));
        await Should.ThrowAsync<InvalidOperationException>(async () => await wrong.GetAsync(CancellationToken.None));

        using var failing = Create("#!/bin/sh\necho nope >&2\nexit 3\n");
        var ex = await Should.ThrowAsync<InvalidOperationException>(async () => await failing.GetAsync(CancellationToken.None));
        ex.Message.ShouldContain("nope");
    }

    [Fact]
    public async Task GetAsync_ClientCertificateOutput_LoadsCertificate()
    {
        var ca = TestCertificates.CreateCa("exec-ca");
        var leaf = TestCertificates.CreateLeaf(ca, "user");
        var status = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["apiVersion"] = "client.authentication.k8s.io/v1",
            ["kind"] = "ExecCredential",
            ["status"] = new Dictionary<string, string> { ["clientCertificateData"] = TestCertificates.Pem(leaf), ["clientKeyData"] = TestCertificates.KeyPem(leaf) },
        });
        var output = _dir.Write("cert.json", status);
        using var provider = Create($"#!/bin/sh\ncat '{output}'\n");

        var credential = await provider.GetAsync(CancellationToken.None);

        credential.BearerToken.ShouldBeNull();
        credential.ClientCertificate!.Thumbprint.ShouldBe(leaf.Thumbprint);
        provider.CurrentClientCertificate.ShouldBeSameAs(credential.ClientCertificate);
    }

    [Fact]
    public async Task KubeClient_Unauthorized_RerunsPluginAndRetries()
    {
        using var provider = Create();
        var handler = new FakeHandler(r => r.Authorization == "Bearer token-2"
            ? FakeHandler.Json(HttpStatusCode.OK, """{"metadata":{"name":"a"}}""")
            : FakeHandler.Status(401, "Unauthorized"));
        using var client = TestClients.Create(handler, credentials: provider);

        (await client.GetAsync<Namespace>(null, "a")).ShouldNotBeNull();

        Runs.ShouldBe(2);
        handler.Requests.Select(r => r.Authorization).ShouldBe(["Bearer token-1", "Bearer token-2"]);
    }
}
