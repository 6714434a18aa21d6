using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nereid.Server.Slurm;

/// <summary>
/// slurmrestd's slurmdb API (<c>dbv0.0.38</c>, Slurm 22.05) for one cluster, as Nereid's administrative identity.
/// Lists are whole-cluster reads; writes are batched (one request for up to <paramref name="batchSize"/> accounts, users or
/// associations). Counts every request and every write so passes, tests and the benchmark can see what was sent.
/// </summary>
internal sealed class SlurmRestClient(HttpClient http, SlurmClusterOptions cluster, int batchSize = SlurmRestClient.DefaultBatchSize)
{
    /// <summary>
    /// Records per write request unless configured. slurmrestd handles a POST's records one by one inside one slurmdbd
    /// transaction, so a request's time grows with what it holds; bounded batches keep each request short (and within
    /// HTTP timeouts) while 1,000 namespaces of 10 members still take a few dozen requests.
    /// </summary>
    public const int DefaultBatchSize = 500;

    private const string Db = "slurmdb/v0.0.38/";
    private int _requests;
    private int _writes;

    /// <summary>Requests sent so far (reads and writes).</summary>
    public int Requests => _requests;

    /// <summary>Write requests (POST, DELETE) sent so far.</summary>
    public int Writes => _writes;

    /// <summary>Slurm's release from the last answer's <c>meta</c> (e.g. <c>22.05.8</c>), empty until one came.</summary>
    public string SlurmVersion { get; private set; } = "";

    /// <summary>The plugin that gave the last answer (e.g. <c>openapi/dbv0.0.38</c>), empty until one came.</summary>
    public string RestPlugin { get; private set; } = "";

    /// <summary>The accounts, users and this cluster's associations: three requests; with <paramref name="withQos"/> a fourth for the QOS names.</summary>
    public async Task<SlurmObserved> ObserveAsync(CancellationToken ct, bool withQos = false)
    {
        var accounts = await GetAsync("accounts", ct);
        var users = await GetAsync("users", ct);
        var associations = await GetAsync("associations?cluster=" + Uri.EscapeDataString(cluster.ClusterName), ct);
        IReadOnlyList<string>? qos = withQos
            ? [.. QosList(await GetAsync("qos", ct)).Select(q => Str(q!["name"])).Order(StringComparer.Ordinal)]
            : null;
        return new SlurmObserved(
            [.. accounts["accounts"]!.AsArray().Select(a => new SlurmAccount(Str(a!["name"]), Str(a["description"]), Str(a["organization"]),
                [.. (a["coordinators"]?.AsArray() ?? []).Where(IsDirect).Select(c => Str(c!["name"])).Order(StringComparer.Ordinal)]))],
            [.. users["users"]!.AsArray().Select(u => Str(u!["name"]))],
            [.. associations["associations"]!.AsArray().Where(a => Str(a!["cluster"]) == cluster.ClusterName && a!["partition"] is null)
                .Select(a => ReadAssociation(a!))],
            qos);
    }

    /// <summary>
    /// Makes users coordinators of accounts: a POST of the users (already existing) with their new coordinator accounts, a
    /// batch of users per request. slurmrestd 22.05 adds coordinators this way only (it has no call that removes one), and
    /// only entries marked <c>"direct": 1</c> (a JSON <c>true</c> fails to parse; without it slurmdbd is sent no account).
    /// </summary>
    public Task PostCoordinatorsAsync(IReadOnlyCollection<(string Account, string User)> coordinators, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(coordinators);
        var byUser = coordinators.GroupBy(c => c.User, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        return PostBatchesAsync("users", byUser, g => new JsonObject
        {
            ["name"] = g.Key,
            ["coordinators"] = new JsonArray([.. g.Select(c => (JsonNode)new JsonObject { ["name"] = c.Account, ["direct"] = 1 })]),
        }, ct);
    }

    /// <summary>Creates or updates accounts (description, organization), a batch per request.</summary>
    public Task PostAccountsAsync(IReadOnlyCollection<SlurmAccount> accounts, CancellationToken ct) =>
        PostBatchesAsync("accounts", accounts, a => new JsonObject
        {
            ["name"] = a.Name, ["description"] = a.Description, ["organization"] = a.Organization,
        }, ct);

    /// <summary>
    /// Creates users, a batch per request, each with its associations from <paramref name="associations"/> (only
    /// <see cref="SlurmAssociation.IsPlainMember"/> ones). slurmrestd hands a users request to slurmdbd in one
    /// call that adds the users and all their associations, where POST associations costs two slurmdbd calls per
    /// association, each waiting about 40 ms on loopback in 22.05 (its RPC sockets have no TCP_NODELAY, so a message's
    /// body waits for the delayed acknowledgement of its 4-byte length).
    /// </summary>
    public Task PostUsersAsync(IReadOnlyCollection<(string Name, string DefaultAccount)> users, ILookup<string, SlurmAssociation>? associations,
        CancellationToken ct) =>
        PostBatchesAsync("users", users, u =>
        {
            var node = new JsonObject { ["name"] = u.Name, ["default"] = new JsonObject { ["account"] = u.DefaultAccount } };
            if (associations?[u.Name].ToList() is { Count: > 0 } own)
            {
                if (own.FirstOrDefault(a => !a.IsPlainMember || a.User != u.Name) is { } other)
                    throw new ArgumentException($"Association {other.Account}/{other.User} cannot be added with user {u.Name}.", nameof(associations));
                // Only what a member's association has: slurmrestd parses a users request without the TRES and QOS lists,
                // so even an empty "max" would be refused.
                node["associations"] = new JsonArray([.. own.Select(a => (JsonNode)new JsonObject
                {
                    ["account"] = a.Account, ["cluster"] = cluster.ClusterName, ["user"] = a.User,
                })]);
            }
            return node;
        }, ct);

    /// <summary>Creates associations, or moves them with their limits (parent, GrpTRES, QOS), a batch per request.</summary>
    public Task PostAssociationsAsync(IReadOnlyCollection<SlurmAssociation> associations, CancellationToken ct) =>
        PostBatchesAsync("associations", associations, WriteAssociation, ct);

    /// <summary>
    /// Sets the group limits and QOS of existing account associations already under their desired parent: two batched POSTs,
    /// the first moving them under <see cref="SlurmPlan.Root"/> with the new limits, the second moving them back.
    /// </summary>
    /// <remarks>
    /// Slurm 22.05's slurmrestd turns a POST of an existing association into a modify request that always carries the parent
    /// account (the stored one when the body has none); slurmdbd then takes it as a move to the same parent, logs "Nothing
    /// to do" and skips the whole row, limits included, while slurmrestd answers 200. A real move is processed with the
    /// limits, so the association moves away and back. In between, for one request, the account hangs under root instead of
    /// its institution account, which carries no limits of Nereid's; if the second POST fails the next pass sees the wrong
    /// parent and moves it back in one POST.
    /// </remarks>
    public async Task RepairLimitsAsync(IReadOnlyCollection<SlurmAssociation> associations, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(associations);
        if (associations.Count == 0)
            return;
        if (associations.Any(a => !a.IsAccount || a.Parent.Length == 0 || a.Parent == SlurmPlan.Root))
            throw new ArgumentException("Only account associations whose parent is not root can be repaired by moving them.", nameof(associations));
        await PostAssociationsAsync([.. associations.Select(a => a with { Parent = SlurmPlan.Root })], ct);
        await PostAssociationsAsync(associations, ct);
    }

    /// <summary>Removes one user's association with an account on this cluster.</summary>
    public async Task DeleteAssociationAsync(string account, string user, CancellationToken ct)
    {
        var query = $"association?cluster={Uri.EscapeDataString(cluster.ClusterName)}&account={Uri.EscapeDataString(account)}&user={Uri.EscapeDataString(user)}";
        Interlocked.Increment(ref _writes);
        await SendAsync(new HttpRequestMessage(HttpMethod.Delete, Db + query), ct);
    }

    /// <summary>
    /// The jobs slurmdbd accounts for on this cluster that were eligible or ran within [<paramref name="from"/>,
    /// <paramref name="to"/>): one request. slurmrestd parses the window in the host's local time zone, so Nereid sends UTC
    /// and expects Slurm hosts to run in UTC.
    /// </summary>
    public async Task<JsonArray> GetJobsAsync(DateTime from, DateTime to, CancellationToken ct)
    {
        // slurmrestd's query parser refuses unescaped reserved characters ("Unable to parse query"): escape the colons.
        const string Format = "yyyy-MM-dd'T'HH:mm:ss";
        var query = $"jobs?cluster={Uri.EscapeDataString(cluster.ClusterName)}" +
            $"&start_time={Uri.EscapeDataString(from.ToString(Format, System.Globalization.CultureInfo.InvariantCulture))}" +
            $"&end_time={Uri.EscapeDataString(to.ToString(Format, System.Globalization.CultureInfo.InvariantCulture))}";
        // A window without jobs is answered 200 with the error "Nothing found" (common once the import reads in slices).
        return (await SendAsync(new HttpRequestMessage(HttpMethod.Get, Db + query), ct, nothingFoundIsEmpty: true))["jobs"]?.AsArray() ?? [];
    }

    private async Task PostBatchesAsync<T>(string kind, IReadOnlyCollection<T> items, Func<T, JsonNode> write, CancellationToken ct)
    {
        foreach (var batch in items.Chunk(batchSize))
            await PostAsync(kind, new JsonObject { [kind] = new JsonArray([.. batch.Select(write)]) }, ct);
    }

    private async Task<JsonNode> GetAsync(string path, CancellationToken ct) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, Db + path), ct);

    private async Task PostAsync(string path, JsonObject body, CancellationToken ct)
    {
        Interlocked.Increment(ref _writes);
        // slurmrestd answers 400 "Unable to parse query" to a chunked body (JsonContent streams one) and to a media type
        // with parameters ("application/json; charset=utf-8"): send a sized body typed exactly application/json.
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, Db + path) { Content = content }, ct);
    }

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, CancellationToken ct, bool nothingFoundIsEmpty = false)
    {
        using (request)
        {
            request.Headers.Add("X-SLURM-USER-NAME", cluster.UserName);
            request.Headers.Add("X-SLURM-USER-TOKEN", await SlurmToken.ReadAsync(cluster, ct));
            Interlocked.Increment(ref _requests);
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? body = null;
            try
            {
                body = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON (e.g. an authentication failure page): reported below with the status.
            }
            ReadMeta(body?["meta"]);
            var errors = body?["errors"]?.AsArray().Select(e => e?["description"]?.GetValue<string>() ?? e?["error"]?.GetValue<string>() ?? "error")
                .Where(e => !(nothingFoundIsEmpty && response.IsSuccessStatusCode && e == "Nothing found")).ToList() ?? [];
            if (!response.IsSuccessStatusCode || errors.Count > 0 || body is null)
                throw new SlurmRestException(cluster.Name, request.Method.Method, request.RequestUri!.ToString(), (int)response.StatusCode,
                    errors.Count > 0 ? string.Join("; ", errors) : text.Length > 300 ? text[..300] : text);
            return body;
        }
    }

    // Every dbv0.0.38 answer carries meta.plugin.type and meta.Slurm.{version{major,minor,micro},release}.
    private void ReadMeta(JsonNode? meta)
    {
        if (meta is null)
            return;
        var slurm = meta["Slurm"] ?? meta["slurm"];
        var release = Str(slurm?["release"]);
        if (release.Length == 0 && slurm?["version"] is JsonObject v)
            release = $"{v["major"]}.{v["minor"]}.{v["micro"]}";
        if (release.Length > 0)
            SlurmVersion = release;
        if (Str(meta["plugin"]?["type"]) is { Length: > 0 } plugin)
            RestPlugin = plugin;
    }

    /// <summary>
    /// Whether a listed coordinator was made one of this account itself. slurmdbd also lists, with <c>"direct": 0</c>, the
    /// coordinators of every account above it (an institution's parent account, <c>root</c>), found through the
    /// associations' nested set — which reads overlapping ranges while another client's associations are being added.
    /// Those are neither Nereid's to add nor stale on this account.
    /// </summary>
    private static bool IsDirect(JsonNode? coordinator) => coordinator?["direct"] switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n != 0,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => true,
    };

    private static SlurmAssociation ReadAssociation(JsonNode a)
    {
        var limits = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in a["max"]?["tres"]?["total"]?.AsArray() ?? [])
        {
            var count = t!["count"]?.GetValue<long>();
            if (count is null or < 0)
                continue;
            var name = t["name"]?.GetValue<string>();
            limits[string.IsNullOrEmpty(name) ? Str(t["type"]) : $"{Str(t["type"])}/{name}"] = count.Value;
        }
        return new SlurmAssociation(Str(a["account"]), Str(a["user"]), Str(a["parent_account"]), limits,
            [.. (a["qos"]?.AsArray() ?? []).Select(q => q!.GetValue<string>()).Order(StringComparer.Ordinal)]);
    }

    private JsonNode WriteAssociation(SlurmAssociation a)
    {
        // The account's own association needs "user": null: an empty string detaches it from its parent, and leaving the
        // field out writes it but reports "Missing required field 'user'".
        var node = new JsonObject { ["account"] = a.Account, ["cluster"] = cluster.ClusterName, ["user"] = a.User.Length == 0 ? null : a.User };
        if (a.Parent.Length > 0)
            node["parent_account"] = a.Parent;
        node["max"] = new JsonObject
        {
            ["tres"] = new JsonObject
            {
                ["total"] = new JsonArray([.. a.GroupLimits.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l =>
                {
                    var slash = l.Key.IndexOf('/', StringComparison.Ordinal);
                    var tres = slash < 0 ? new JsonObject { ["type"] = l.Key } : new JsonObject { ["type"] = l.Key[..slash], ["name"] = l.Key[(slash + 1)..] };
                    tres["count"] = l.Value;
                    return (JsonNode)tres;
                })]),
            },
        };
        if (a.Qos.Count > 0)
        {
            node["qos"] = new JsonArray([.. a.Qos.Select(q => (JsonNode)q)]);
            // The tier's QOS is also the default, so jobs that name none run under it.
            node["default"] = new JsonObject { ["qos"] = a.Qos[0] };
        }
        return node;
    }

    // slurmrestd 22.05.8 answers GET qos with the list under "QOS", although its own OpenAPI document names it "qos"
    // (seen in the test harness); later versions use "qos". Both are read.
    private static JsonArray QosList(JsonNode response) => (response["QOS"] ?? response["qos"])?.AsArray() ?? [];

    private static string Str(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : "";
}

/// <summary>slurmrestd refused a request or reported errors in its body.</summary>
internal sealed class SlurmRestException(string cluster, string method, string path, int status, string detail)
    : Exception($"Slurm cluster {cluster}: {method} {path} → {status}: {detail}")
{
    /// <summary>The HTTP status slurmrestd answered with.</summary>
    public int Status { get; } = status;
}
