using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;

namespace Nereid.KubeDouble.Server;

/// <summary>Builders for the real apiserver's error messages and details (SEMANTICS.md §3).</summary>
public static class Errors
{
    /// <summary>One entry of <c>details.causes</c>.</summary>
    public sealed record Cause(string Reason, string Message, string Field);

    public static ApiException NotFound(ResourceInfo r, string name) =>
        new(404, "NotFound", $"{r.QualifiedName} \"{name}\" not found", Details(r, name));

    public static ApiException AlreadyExists(ResourceInfo r, string name) =>
        new(409, "AlreadyExists", $"{r.QualifiedName} \"{name}\" already exists", Details(r, name));

    public static ApiException Conflict(ResourceInfo r, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {r.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(r, name));

    public static ApiException ConflictMessage(ResourceInfo r, string name, string message, IEnumerable<Cause>? causes = null)
    {
        var details = Details(r, name);
        AddCauses(details, causes);
        return new(409, "Conflict", message, details);
    }

    public static ApiException Invalid(ResourceInfo r, string name, IReadOnlyList<Cause> causes)
    {
        var qualifiedKind = r.Group.Length == 0 ? r.Kind : $"{r.Kind}.{r.Group}";
        var text = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        var details = new JsonObject { ["name"] = name, ["group"] = r.Group, ["kind"] = r.Kind };
        AddCauses(details, causes);
        var message = causes.Count == 1 ? $"{qualifiedKind} \"{name}\" is invalid: {text}" : $"{qualifiedKind} \"{name}\" is invalid: [{text}]";
        return new(422, "Invalid", message, details);
    }

    public static ApiException Forbidden(ResourceInfo? r, string resourceText, string name, string message) =>
        new(403, "Forbidden", $"{resourceText} is forbidden: {message}",
            r is null ? new JsonObject() : Details(r, name));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message = "the server does not allow this method on the requested resource") =>
        new(405, "MethodNotAllowed", message, new JsonObject());

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json; got {contentType}");

    /// <summary>The generic 404 for paths that name no known resource.</summary>
    public static ApiException PathNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static JsonObject Details(ResourceInfo r, string name)
    {
        var d = new JsonObject();
        if (name.Length > 0)
        {
            d["name"] = name;
        }
        if (r.Group.Length > 0)
        {
            d["group"] = r.Group;
        }
        d["kind"] = r.Plural;
        return d;
    }

    private static void AddCauses(JsonObject details, IEnumerable<Cause>? causes)
    {
        if (causes is null)
        {
            return;
        }
        var arr = new JsonArray();
        foreach (var c in causes)
        {
            arr.Add(new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field });
        }
        if (arr.Count > 0)
        {
            details["causes"] = arr;
        }
    }
}
