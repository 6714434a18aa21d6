using System.Net;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Conformance;

/// <summary>
/// Metadata-only reads, as the apiserver serves client-go's metadata client: <c>as=PartialObjectMetadata</c> for a get
/// and for every object of a watch, <c>as=PartialObjectMetadataList</c> for a list; apiVersion <c>meta.k8s.io/v1</c>,
/// the metadata whole, nothing else.
/// </summary>
public sealed class MetadataOnlyTests : IAsyncLifetime
{
    private const string ObjectAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
    private const string ListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private KubeApiDouble _kube = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        _http = _kube.CreateClient();
        var ns = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "meta" } };
        (await _http.PostAsync("/api/v1/namespaces", ConformanceTarget.Json(ns))).StatusCode.ShouldBe(HttpStatusCode.Created);
        foreach (var name in new[] { "a", "b" })
        {
            (await _http.PostAsync("/api/v1/namespaces/meta/configmaps", ConformanceTarget.Json(ConfigMap(name)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _kube.DisposeAsync();
    }

    [Fact, Trait("Rule", "metadata-only get")]
    public async Task Get_PartialObjectMetadataAccept_ReturnsMetadataOnly()
    {
        var obj = await GetAsync("/api/v1/namespaces/meta/configmaps/a", ObjectAccept);

        obj["kind"]!.GetValue<string>().ShouldBe("PartialObjectMetadata");
        obj["apiVersion"]!.GetValue<string>().ShouldBe("meta.k8s.io/v1");
        obj["metadata"]!["name"]!.GetValue<string>().ShouldBe("a");
        obj["metadata"]!["labels"]!["team"]!.GetValue<string>().ShouldBe("meta");
        obj["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        obj.ContainsKey("data").ShouldBeFalse();
    }

    [Fact, Trait("Rule", "metadata-only list")]
    public async Task List_PartialObjectMetadataListAccept_ReturnsMetadataItemsWithListMetadata()
    {
        var list = await GetAsync("/api/v1/namespaces/meta/configmaps?limit=1", ListAccept);

        list["kind"]!.GetValue<string>().ShouldBe("PartialObjectMetadataList");
        list["apiVersion"]!.GetValue<string>().ShouldBe("meta.k8s.io/v1");
        list["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        list["metadata"]!["continue"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        var item = list["items"]!.AsArray().Single()!.AsObject();
        item["kind"]!.GetValue<string>().ShouldBe("PartialObjectMetadata");
        item["metadata"]!["name"]!.GetValue<string>().ShouldBe("a");
        item.ContainsKey("data").ShouldBeFalse();
    }

    [Fact, Trait("Rule", "metadata-only watch")]
    public async Task Watch_PartialObjectMetadataAccept_EventsAndBookmarksCarryMetadataOnly()
    {
        using var client = _kube.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", ObjectAccept);
        using var watch = await WatchStream.OpenAsync(client, "/api/v1/namespaces/meta/configmaps?watch=1&allowWatchBookmarks=true&timeoutSeconds=10");

        var first = await watch.NextAsync();
        first["type"]!.GetValue<string>().ShouldBe("ADDED");
        first["object"]!["kind"]!.GetValue<string>().ShouldBe("PartialObjectMetadata");
        first["object"]!.AsObject().ContainsKey("data").ShouldBeFalse();
        (await _http.PostAsync("/api/v1/namespaces/meta/configmaps", ConformanceTarget.Json(ConfigMap("c")))).StatusCode.ShouldBe(HttpStatusCode.Created);
        JsonObject added;
        do
        {
            added = await watch.NextAsync();
            if (added["type"]!.GetValue<string>() == "BOOKMARK")
            {
                added["object"]!["kind"]!.GetValue<string>().ShouldBe("PartialObjectMetadata");
            }
        }
        while (added["object"]!["metadata"]!["name"]?.GetValue<string>() != "c");
        added["type"]!.GetValue<string>().ShouldBe("ADDED");
        added["object"]!["apiVersion"]!.GetValue<string>().ShouldBe("meta.k8s.io/v1");
        added["object"]!["metadata"]!["labels"]!["team"]!.GetValue<string>().ShouldBe("meta");
        added["object"]!.AsObject().ContainsKey("data").ShouldBeFalse();
    }

    [Fact, Trait("Rule", "the first acceptable media range wins")]
    public async Task Get_PlainJsonBeforeMetadata_ReturnsTheWholeObject()
    {
        var obj = await GetAsync("/api/v1/namespaces/meta/configmaps/a", "application/json," + ObjectAccept);

        obj["kind"]!.GetValue<string>().ShouldBe("ConfigMap");
        obj["data"]!["key"]!.GetValue<string>().ShouldBe("value");
    }

    private static JsonObject ConfigMap(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["team"] = "meta" } },
        ["data"] = new JsonObject { ["key"] = "value" },
    };

    private Task<JsonObject> GetAsync(string url, string accept) => _http.GetJsonAsync(url, accept);
}
