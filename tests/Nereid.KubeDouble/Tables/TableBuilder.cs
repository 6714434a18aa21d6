using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;

namespace Nereid.KubeDouble.Tables;

/// <summary>
/// Builds the <c>meta.k8s.io Table</c> answer to a get or list: column definitions, one row per object with its cells
/// and the object as <c>includeObject</c> asks (Metadata → PartialObjectMetadata, the default; Object; None).
/// </summary>
internal static class TableBuilder
{
    public static JsonObject Build(ResourceInfo r, string apiVersion, IEnumerable<JsonObject> objects, string? resourceVersion, string? continueToken,
        string? includeObject, DateTimeOffset now)
    {
        var printer = Printers.For(r);
        var columns = new JsonArray();
        foreach (var c in printer.Columns)
        {
            columns.Add(new JsonObject
            {
                ["name"] = c.Name, ["type"] = c.Type, ["format"] = c.Format, ["description"] = c.Description, ["priority"] = c.Priority,
            });
        }
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray(printer.Cells(obj, now)) };
            if (RowObject(obj, apiVersion, includeObject) is { } rowObject)
            {
                row["object"] = rowObject;
            }
            rows.Add(row);
        }
        var meta = new JsonObject();
        if (resourceVersion is not null)
        {
            meta["resourceVersion"] = resourceVersion;
        }
        if (continueToken is not null)
        {
            meta["continue"] = continueToken;
        }
        return new JsonObject { ["kind"] = "Table", ["apiVersion"] = apiVersion, ["metadata"] = meta, ["columnDefinitions"] = columns, ["rows"] = rows };
    }

    private static JsonObject? RowObject(JsonObject obj, string apiVersion, string? includeObject) => includeObject switch
    {
        "None" => null,
        "Object" => obj.DeepClone().AsObject(),
        _ => new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = apiVersion, ["metadata"] = obj["metadata"]?.DeepClone() },
    };
}
