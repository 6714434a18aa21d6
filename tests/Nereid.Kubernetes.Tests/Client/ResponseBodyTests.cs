using System.Buffers;
using Nereid.Kubernetes.Client;

namespace Nereid.Kubernetes.Tests.Client;

public class ResponseBodyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5000)]
    [InlineData(100_000)]
    public async Task ReadAsync_WithOrWithoutContentLength_ReturnsEveryByte(int size)
    {
        var data = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        foreach (var declared in new[] { true, false })
        {
            // A stream content without Content-Length makes the reader grow its pooled buffer past 16 KiB.
            using var content = declared ? (HttpContent)new ByteArrayContent(data) : new StreamContent(new ChunkedStream(data));
            if (!declared)
            {
                content.Headers.ContentLength = null;
            }

            var (buffer, length) = await ResponseBody.ReadAsync(content, CancellationToken.None);

            length.ShouldBe(size);
            buffer.AsSpan(0, length).SequenceEqual(data).ShouldBeTrue();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Fact]
    public async Task ReadAsync_BodyEndsBeforeContentLength_ReturnsWhatArrived()
    {
        using var content = new StreamContent(new ChunkedStream([1, 2, 3]));
        content.Headers.ContentLength = 10;

        var (buffer, length) = await ResponseBody.ReadAsync(content, CancellationToken.None);

        length.ShouldBe(3);
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Non-seekable, at most 1,000 bytes per read, like a body arriving in frames.</summary>
    private sealed class ChunkedStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1000), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
