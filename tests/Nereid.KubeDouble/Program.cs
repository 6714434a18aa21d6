using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nereid.KubeDouble;
using Nereid.KubeDouble.Faults;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble;

/// <summary>Standalone entry point (a named class: test projects also reference the server, whose Program is global).</summary>
public static class KubeDoubleProgram
{
    public static async Task<int> Main(string[] args)
    {
        // Standalone: dotnet run --project tests/Nereid.KubeDouble -- --listen 127.0.0.1:6443 --seed <dir> --kubeconfig-out <file>
        //   [--crds <file|dir>]... [--latency-ms 2] [--fault patch:0.1:TooManyRequests]... [--validate-schemas false] [--rbac false] [--log-level Warning]
        //   [--authentication-config <AuthenticationConfiguration file>]
        var listen = "127.0.0.1:0";
        string? seedDir = null;
        string? kubeconfigOut = null;
        var latency = TimeSpan.Zero;
        var faults = new List<(string Verb, VerbFault Fault)>();
        var crds = new List<string>();
        string? authenticationConfig = null;
        var validateSchemas = true;
        var enforceRbac = true;
        var logLevel = LogLevel.Information;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--listen": listen = args[i + 1]; break;
                case "--seed": seedDir = args[i + 1]; break;
                case "--crds": crds.Add(args[i + 1]); break;
                case "--authentication-config": authenticationConfig = args[i + 1]; break;
                case "--kubeconfig-out": kubeconfigOut = args[i + 1]; break;
                case "--latency-ms": latency = TimeSpan.FromMilliseconds(double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture)); break;
                case "--fault": faults.Add(StandaloneArguments.ParseFault(args[i + 1])); break;
                case "--validate-schemas": validateSchemas = bool.Parse(args[i + 1]); break;
                case "--rbac": enforceRbac = bool.Parse(args[i + 1]); break;
                case "--log-level": logLevel = Enum.Parse<LogLevel>(args[i + 1], ignoreCase: true); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel));
        var colon = listen.LastIndexOf(':');
        var options = new KubeDoubleOptions
        {
            Host = listen[..colon],
            Port = int.Parse(listen[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture),
            LoggerFactory = loggerFactory,
            RecordRequests = false,
            ValidateSchemas = validateSchemas,
            EnforceRbac = enforceRbac,
            CustomResourceDefinitions = crds,
            AuthenticationConfiguration = authenticationConfig,
        };
        if (seedDir is not null)
        {
            foreach (var file in Directory.EnumerateFiles(seedDir).Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var text = await File.ReadAllTextAsync(file);
                // Multi-document YAML: split on document markers; JSON files hold one object or a List.
                foreach (var doc in text.Split("\n---", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (doc.Length == 0)
                    {
                        continue;
                    }
                    var node = JsonIo.ParseObject(System.Text.Encoding.UTF8.GetBytes(doc), allowYaml: true);
                    options.SeedObjects.AddRange(node["items"] is JsonArray items ? items.OfType<JsonObject>().Select(o => o.DeepClone().AsObject()) : [node]);
                }
            }
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        // SIGTERM (kill, container stop) ends the process as cleanly as Ctrl+C.
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.Cancel();
        });
        await using var kube = await KubeApiDouble.StartAsync(options, stop.Token);
        kube.Faults.Latency = latency;
        foreach (var (verb, fault) in faults)
        {
            kube.Faults.SetVerbFault(verb, fault);
        }
        if (kubeconfigOut is not null)
        {
            kube.WriteKubeconfig(kubeconfigOut, KubeDoubleOptions.DefaultAdminToken);
            Console.WriteLine($"kubeconfig written to {kubeconfigOut}");
        }
        Console.WriteLine($"Kubernetes API double on {kube.BaseAddress} ({options.SeedObjects.Count} seed objects); Ctrl+C to stop");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: fall through to disposal.
        }
        return 0;
    }
}
