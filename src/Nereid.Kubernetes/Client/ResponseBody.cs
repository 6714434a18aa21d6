using System.Buffers;

namespace Nereid.Kubernetes.Client;

/// <summary>
/// Reads a whole response body into a buffer rented from the shared pool, sized by Content-Length when the server
/// sends one. Replaces <c>LoadIntoBufferAsync</c> + a second copy out of it: every apply, get and list page passed
/// through two fresh arrays before decoding.
/// </summary>
internal static class ResponseBody
{
    private const int UnknownLengthStart = 16 * 1024;

    /// <summary>The body in <c>Buffer[..Length]</c>; the caller returns <c>Buffer</c> to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static async Task<(byte[] Buffer, int Length)> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength is { } n and >= 0 and < int.MaxValue ? (int?)n : null;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(declared ?? UnknownLengthStart, 1));
        var length = 0;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (length != declared)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        return (buffer, length);
    }
}
