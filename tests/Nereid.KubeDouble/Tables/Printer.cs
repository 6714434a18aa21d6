using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tables;

/// <summary>One <c>columnDefinitions</c> entry; priority 1 columns are the ones kubectl shows only with <c>-o wide</c>.</summary>
internal sealed record Column(string Name, string Type, string Description, int Priority = 0, string Format = "");

/// <summary>A kind's table: its columns and the cells of one object (all columns, wide ones included, as the apiserver sends).</summary>
internal sealed record Printer(IReadOnlyList<Column> Columns, Func<JsonObject, DateTimeOffset, JsonNode?[]> Cells)
{
    public const string NameDescription =
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    public const string CreationDescription =
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    public static readonly Column NameColumn = new("Name", "string", NameDescription, Format: "name");

    public static readonly Column AgeColumn = new("Age", "string", CreationDescription);

    public static string Name(JsonObject obj) => Str(obj["metadata"]?["name"]) ?? "";

    public static string Age(JsonObject obj, DateTimeOffset now) => HumanDuration.Since(Str(obj["metadata"]?["creationTimestamp"]), now);

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>An integer however it was written (JSON number of any width); 0 when absent.</summary>
    public static long Long(JsonNode? node) =>
        node is JsonValue && long.TryParse(node.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : 0;

    /// <summary>A string or "&lt;none&gt;" when empty, as the printers show missing values.</summary>
    public static string OrNone(string? value) => string.IsNullOrEmpty(value) ? "<none>" : value;
}
