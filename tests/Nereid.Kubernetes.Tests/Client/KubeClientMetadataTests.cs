using System.Net;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Client;

/// <summary>
/// Reading a kind as <see cref="PartialObjectMetadata"/> asks for the metadata form (client-go's metadata client):
/// <c>as=PartialObjectMetadata</c> for a get or a watch, <c>as=PartialObjectMetadataList</c> for a list, plain JSON as
/// the fallback; typed reads keep the plain Accept.
/// </summary>
public class KubeClientMetadataTests
{
    private const string ObjectAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
    private const string ListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private static readonly ResourceType RoleBindings = ResourceType.Of<RoleBinding>();

    [Fact]
    public async Task GetAsync_PartialObjectMetadata_AsksForMetadataAndReadsIt()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK,
            """{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"rb","namespace":"ns","resourceVersion":"7","labels":{"app":"x"}}}"""));
        using var client = TestClients.Create(handler);

        var obj = await client.GetAsync<PartialObjectMetadata>(RoleBindings, "ns", "rb");

        handler.Requests.Single().Accept!.Replace(" ", "").ShouldBe(ObjectAccept);
        handler.Requests.Single().PathAndQuery.ShouldBe("/apis/rbac.authorization.k8s.io/v1/namespaces/ns/rolebindings/rb");
        obj!.Kind.ShouldBe("PartialObjectMetadata");
        obj.Metadata.ResourceVersion.ShouldBe("7");
        obj.Metadata.Labels!["app"].ShouldBe("x");
    }

    [Fact]
    public async Task ListAsync_PartialObjectMetadata_AsksForTheMetadataList()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK,
            """{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"9"},"items":[{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"rb","namespace":"ns"}}]}"""));
        using var client = TestClients.Create(handler);

        var list = await client.ListAsync<PartialObjectMetadata>(RoleBindings, null);

        handler.Requests.Single().Accept!.Replace(" ", "").ShouldBe(ListAccept);
        list.Metadata.ResourceVersion.ShouldBe("9");
        list.Items.Single().Key.ShouldBe("ns/rb");
    }

    [Fact]
    public async Task WatchAsync_PartialObjectMetadata_AsksForMetadataEvents()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK,
            """{"type":"ADDED","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"rb","namespace":"ns","resourceVersion":"11"}}}""" + "\n"));
        using var client = TestClients.Create(handler);

        var events = new List<Nereid.Kubernetes.Watch.WatchEvent<PartialObjectMetadata>>();
        await foreach (var e in client.WatchAsync<PartialObjectMetadata>(RoleBindings, null, new WatchOptions { ResourceVersion = "10" }))
        {
            events.Add(e);
        }

        handler.Requests.Single().Accept!.Replace(" ", "").ShouldBe(ObjectAccept);
        events.Single().Object!.Metadata.ResourceVersion.ShouldBe("11");
    }

    [Fact]
    public async Task GetAsync_TypedKind_KeepsThePlainAccept()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, """{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"rb"}}"""));
        using var client = TestClients.Create(handler);

        await client.GetAsync<RoleBinding>(RoleBindings, "ns", "rb");

        handler.Requests.Single().Accept.ShouldBe("application/json");
    }
}
