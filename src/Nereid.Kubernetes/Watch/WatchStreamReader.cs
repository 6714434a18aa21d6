using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Watch;

/// <summary>
/// Reads a watch body: JSON objects separated by newlines, arriving in arbitrary chunks. Events are yielded as soon
/// as their line is complete. An ERROR with code 410 throws <see cref="WatchExpiredException"/>; other ERRORs throw
/// <see cref="KubeApiException"/>.
/// </summary>
internal static class WatchStreamReader
{
    /// <summary>Yields the events of <paramref name="stream"/> until it ends.</summary>
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    if (Parse<T>(line) is { } e)
                    {
                        yield return e;
                    }
                }
                if (result.IsCompleted)
                {
                    // A last event without a trailing newline is still an event.
                    if (!buffer.IsEmpty && Parse<T>(buffer) is { } last)
                    {
                        yield return last;
                    }
                    reader.AdvanceTo(buffer.End);
                    yield break;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    private static WatchEvent<T>? Parse<T>(ReadOnlySequence<byte> line)
        where T : KubeObject =>
        IsBlank(line) ? null : WatchEventParser.Parse<T>(line);

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
