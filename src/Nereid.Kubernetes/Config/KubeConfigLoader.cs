using YamlDotNet.Serialization;

namespace Nereid.Kubernetes.Config;

/// <summary>
/// Reads kubeconfig files and turns a context into a <see cref="KubeClusterConnection"/>. Relative paths resolve
/// against the folder of the file that holds them; with several files (KUBECONFIG), the first entry of a name wins.
/// </summary>
public static class KubeConfigLoader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>Parses one kubeconfig file.</summary>
    public static KubeConfig LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), Path.GetDirectoryName(full)!);
    }

    /// <summary>Parses kubeconfig YAML; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static KubeConfig Parse(string yaml, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var config = Yaml.Deserialize<KubeConfig?>(yaml) ?? new KubeConfig();
        foreach (var c in config.Clusters)
        {
            c.Cluster.CertificateAuthority = Resolve(c.Cluster.CertificateAuthority, baseDirectory);
        }
        foreach (var u in config.Users)
        {
            u.User.TokenFile = Resolve(u.User.TokenFile, baseDirectory);
            u.User.ClientCertificate = Resolve(u.User.ClientCertificate, baseDirectory);
            u.User.ClientKey = Resolve(u.User.ClientKey, baseDirectory);
            if (u.User.Exec?.Command is { } command && command.Contains('/', StringComparison.Ordinal))
            {
                // client-go: a command with a separator is relative to the kubeconfig; a bare name is looked up on PATH.
                u.User.Exec.Command = Resolve(command, baseDirectory);
            }
        }
        return config;
    }

    /// <summary>Merges several files, the first value of each name (and current-context) winning.</summary>
    public static KubeConfig LoadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var merged = new KubeConfig();
        foreach (var path in paths.Where(p => !string.IsNullOrWhiteSpace(p) && File.Exists(p)))
        {
            var config = LoadFile(path);
            merged.CurrentContext ??= string.IsNullOrEmpty(config.CurrentContext) ? null : config.CurrentContext;
            merged.Clusters.AddRange(config.Clusters.Where(c => merged.Clusters.All(m => m.Name != c.Name)));
            merged.Users.AddRange(config.Users.Where(u => merged.Users.All(m => m.Name != u.Name)));
            merged.Contexts.AddRange(config.Contexts.Where(x => merged.Contexts.All(m => m.Name != x.Name)));
        }
        return merged;
    }

    /// <summary>The files named by <c>KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
    public static KubeConfig LoadDefault()
    {
        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        var paths = string.IsNullOrEmpty(env)
            ? [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")]
            : env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return LoadFiles(paths);
    }

    /// <summary>Builds the connection of <paramref name="context"/> (default: current-context).</summary>
    public static KubeClusterConnection CreateConnection(KubeConfig config, TimeProvider timeProvider, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var contextName = context ?? config.CurrentContext
            ?? throw new InvalidOperationException("kubeconfig has no current-context and none was given.");
        var ctx = config.Contexts.FirstOrDefault(c => c.Name == contextName)?.Context
            ?? throw new InvalidOperationException($"kubeconfig has no context '{contextName}'.");
        var cluster = config.Clusters.FirstOrDefault(c => c.Name == ctx.Cluster)?.Cluster
            ?? throw new InvalidOperationException($"kubeconfig has no cluster '{ctx.Cluster}'.");
        var user = config.Users.FirstOrDefault(u => u.Name == ctx.User)?.User ?? new UserEntry();
        if (string.IsNullOrEmpty(cluster.Server))
        {
            throw new InvalidOperationException($"Cluster '{ctx.Cluster}' has no server.");
        }

        var server = new Uri(cluster.Server);
        var caPem = cluster.CertificateAuthorityData is { } data ? PemCertificates.DecodeData(data)
            : cluster.CertificateAuthority is { } file ? File.ReadAllText(file)
            : null;
        return new KubeClusterConnection
        {
            Server = server,
            CertificateAuthorities = caPem is null ? [] : PemCertificates.LoadBundle(caPem),
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            TlsServerName = cluster.TlsServerName,
            ClientCertificate = ClientCertificate(user),
            Credentials = Credentials(user, timeProvider, server, caPem),
            Namespace = ctx.Namespace,
        };
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate(UserEntry user)
    {
        var cert = user.ClientCertificateData is { } cd ? PemCertificates.DecodeData(cd)
            : user.ClientCertificate is { } cf ? File.ReadAllText(cf) : null;
        var key = user.ClientKeyData is { } kd ? PemCertificates.DecodeData(kd)
            : user.ClientKey is { } kf ? File.ReadAllText(kf) : null;
        return cert is not null && key is not null ? PemCertificates.LoadClientCertificate(cert, key) : null;
    }

    private static IKubeCredentialProvider? Credentials(UserEntry user, TimeProvider timeProvider, Uri server, string? caPem)
    {
        if (!string.IsNullOrEmpty(user.Token))
        {
            return new StaticTokenProvider(user.Token);
        }
        if (!string.IsNullOrEmpty(user.TokenFile))
        {
            return new TokenFileProvider(user.TokenFile);
        }
        if (user.Exec is { Command: { Length: > 0 } command } exec)
        {
            var config = new ExecConfig
            {
                ApiVersion = exec.ApiVersion ?? "client.authentication.k8s.io/v1",
                Command = command,
                Args = exec.Args ?? [],
                Env = exec.Env?.ToDictionary(e => e.Name, e => e.Value) ?? [],
                InstallHint = exec.InstallHint,
                ProvideClusterInfo = exec.ProvideClusterInfo,
            };
            return new ExecCredentialProvider(config, timeProvider, server, caPem);
        }
        // Legacy OIDC auth-provider: the stored id-token is the bearer; refreshing it is left to kubectl/kubelogin.
        if (user.AuthProvider?.Config.TryGetValue("id-token", out var idToken) == true && !string.IsNullOrEmpty(idToken))
        {
            return new StaticTokenProvider(idToken);
        }
        return null;
    }

    private static string? Resolve(string? path, string baseDirectory) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
}
