using System.Net;
using System.Text.Json;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Tests.Support;

/// <summary>An in-memory Lease endpoint with resourceVersion preconditions, enough for leader election.</summary>
internal sealed class FakeLeaseApi
{
    private readonly Lock _lock = new();
    private Lease? _lease;
    private int _version;
    private int _failUpdates;

    public FakeLeaseApi()
    {
        Handler = new FakeHandler(Handle);
    }

    public FakeHandler Handler { get; }

    public int Conflicts { get; private set; }

    public Lease? Current
    {
        get
        {
            lock (_lock)
            {
                return _lease is null ? null : Clone(_lease);
            }
        }
    }

    /// <summary>The next <paramref name="count"/> updates answer 409 Conflict whatever their resourceVersion (as under injected faults).</summary>
    public void FailNextUpdates(int count)
    {
        lock (_lock)
        {
            _failUpdates = count;
        }
    }

    /// <summary>Writes the lease as another party would (bumps the version).</summary>
    public void Put(Lease lease)
    {
        lock (_lock)
        {
            lease.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _lease = Clone(lease);
        }
    }

    private HttpResponseMessage Handle(SeenRequest request)
    {
        lock (_lock)
        {
            if (request.Method == HttpMethod.Get)
            {
                return _lease is null ? FakeHandler.Status(404, "NotFound") : Ok(HttpStatusCode.OK);
            }
            var incoming = JsonSerializer.Deserialize(request.Body!, KubeJson.TypeInfo<Lease>())!;
            if (request.Method == HttpMethod.Post)
            {
                if (_lease is not null)
                {
                    return FakeHandler.Status(409, "AlreadyExists");
                }
            }
            else if (_lease is null || incoming.Metadata.ResourceVersion != _lease.Metadata.ResourceVersion || _failUpdates-- > 0)
            {
                Conflicts++;
                return FakeHandler.Status(409, "Conflict");
            }
            incoming.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _lease = incoming;
            return Ok(request.Method == HttpMethod.Post ? HttpStatusCode.Created : HttpStatusCode.OK);
        }
    }

    private HttpResponseMessage Ok(HttpStatusCode code) => FakeHandler.Json(code, JsonSerializer.Serialize(_lease!, KubeJson.TypeInfo<Lease>()));

    private static Lease Clone(Lease lease) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(lease, KubeJson.TypeInfo<Lease>()), KubeJson.TypeInfo<Lease>())!;
}
