using System.Text.Json.Nodes;
using Nereid.Server.FunctionalTests.Clusters;

namespace Nereid.Server.FunctionalTests.Deploy;

/// <summary>A volume mounted into the container: its path and, for a ConfigMap key, the key it shows; for a Secret, its name.</summary>
internal sealed record ContainerMount(string MountPath, string? ConfigMapKey, bool EmptyDir, string? SecretName = null);

/// <summary>
/// How <c>deploy/Dockerfile</c> and <c>deploy/deployment.yaml</c> together run the server, read from the files themselves
/// so the container-layout test follows whatever they say.
/// </summary>
internal sealed record ContainerSpec(
    string WorkingDirectory, IReadOnlyList<string> Entrypoint, IReadOnlyDictionary<string, string> ImageEnvironment,
    IReadOnlyList<(string Name, string? Value, string? SecretName, string? SecretKey)> PodEnvironment, int ContainerPort, int WebhookPort,
    string ReadinessPath, string LivenessPath, string StartupPath, TimeSpan StartupBudget, long RunAsUser, long RunAsGroup, bool ReadOnlyRoot, bool NoPrivilegeEscalation,
    IReadOnlyList<ContainerMount> Mounts)
{
    public static ContainerSpec Load(string deployDirectory)
    {
        var (workdir, entrypoint, env) = ReadDockerfile(Path.Combine(deployDirectory, "Dockerfile"));
        var deployment = YamlJson.Documents(Path.Combine(deployDirectory, "deployment.yaml")).Single();
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var c = pod["containers"]![0]!;
        var volumes = pod["volumes"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!);
        var mounts = c["volumeMounts"]!.AsArray().Select(m =>
        {
            var volume = volumes[m!["name"]!.GetValue<string>()];
            return new ContainerMount(m["mountPath"]!.GetValue<string>(), volume["configMap"] is null ? null : m["subPath"]?.GetValue<string>(),
                volume["emptyDir"] is not null, volume["secret"]?["secretName"]?.GetValue<string>());
        }).ToList();
        var podEnv = c["env"]!.AsArray().Select(e => (e!["name"]!.GetValue<string>(), e["value"]?.ToString(),
            e["valueFrom"]?["secretKeyRef"]?["name"]?.GetValue<string>(), e["valueFrom"]?["secretKeyRef"]?["key"]?.GetValue<string>())).ToList();
        long Port(string name) => c["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["containerPort"]!.GetValue<long>();
        var port = Port("http");
        JsonNode Probe(string kind)
        {
            var get = c[kind]!["httpGet"]!;
            get["port"]!.GetValue<string>().ShouldBe("http", $"{kind} must probe the named http port");
            return get;
        }
        return new ContainerSpec(workdir, entrypoint, env, podEnv, (int)port, (int)Port("webhook"),
            Probe("readinessProbe")["path"]!.GetValue<string>(), Probe("livenessProbe")["path"]!.GetValue<string>(),
            Probe("startupProbe")["path"]!.GetValue<string>(),
            TimeSpan.FromSeconds(c["startupProbe"]!["periodSeconds"]!.GetValue<long>() * c["startupProbe"]!["failureThreshold"]!.GetValue<long>()),
            pod["securityContext"]!["runAsUser"]!.GetValue<long>(), pod["securityContext"]!["runAsGroup"]!.GetValue<long>(),
            c["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>(), !c["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>(),
            mounts);
    }

    /// <summary>The final stage's WORKDIR, ENTRYPOINT (exec form) and ENV of <c>KEY=value</c> pairs.</summary>
    private static (string, IReadOnlyList<string>, IReadOnlyDictionary<string, string>) ReadDockerfile(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).ToList();
        var final = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        string? workdir = null;
        IReadOnlyList<string>? entrypoint = null;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(final))
        {
            if (line.StartsWith("WORKDIR ", StringComparison.Ordinal))
            {
                workdir = line["WORKDIR ".Length..].Trim();
            }
            else if (line.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))
            {
                entrypoint = [.. JsonNode.Parse(line["ENTRYPOINT ".Length..])!.AsArray().Select(a => a!.GetValue<string>())];
            }
            else if (line.StartsWith("ENV ", StringComparison.Ordinal))
            {
                foreach (var pair in line["ENV ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    env[pair[..eq]] = pair[(eq + 1)..];
                }
            }
        }
        return (workdir ?? throw new InvalidOperationException("Dockerfile: no WORKDIR in the final stage"),
            entrypoint ?? throw new InvalidOperationException("Dockerfile: no exec-form ENTRYPOINT in the final stage"), env);
    }
}
