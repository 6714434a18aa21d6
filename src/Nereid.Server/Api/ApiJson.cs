using System.Text.Json;

namespace Nereid.Server.Api;

/// <summary>JSON settings shared by the API and pre-serialized responses, so both produce the same bytes.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
