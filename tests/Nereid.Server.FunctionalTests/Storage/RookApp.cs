using System.Text.Json.Nodes;
using Nereid.KubeDouble;
using Nereid.KubeDouble.CustomResources;
using Nereid.Server.FunctionalTests.Clusters;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// A server on an API double that serves Rook's CRDs (from shared/reference/rook) and holds the object store's
/// namespace, with Nereid pointed at the object store <c>my-store</c> there and resyncing every 100 ms: the S3 tests' start.
/// </summary>
internal static class RookApp
{
    public static async Task<ClusterAppFactory> StartAsync(string storeNamespace, Action<KubeDoubleOptions>? configure = null)
    {
        var app = await ClusterAppFactory.StartAsync(o =>
        {
            o.CustomResourceDefinitions.Add(CrdLoader.LocateReference("rook") ?? throw new InvalidOperationException("shared/reference/rook not found"));
            o.SeedObjects.Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = storeNamespace } });
            configure?.Invoke(o);
        });
        app.With("Nereid:Storage:ObjectStore:Name", "my-store")
            .With("Nereid:Storage:ObjectStore:Namespace", storeNamespace)
            .With("Nereid:Storage:ObjectStore:ResyncInterval", "00:00:00.100");
        return app;
    }
}
