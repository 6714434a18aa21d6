using System.Buffers.Text;
using System.Text;
using Nereid.Domain.Errors;

namespace Nereid.Server.Api;

/// <summary>Opaque <c>continue</c> tokens for list pagination: a keyset position or an offset, base64url-encoded.</summary>
internal static class ContinueToken
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static string Encode(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw ValidationFailedException.For("continue", "The continue token is not valid; start the listing again without it.");
        }
    }

    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        < 1 or > MaxLimit => throw ValidationFailedException.For("limit", $"limit must be between 1 and {MaxLimit}."),
        _ => limit.Value,
    };
}

/// <summary>One page of a listing.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? Continue);
