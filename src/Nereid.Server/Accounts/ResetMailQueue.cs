using System.Threading.Channels;

namespace Nereid.Server.Accounts;

/// <summary>
/// Password-reset requests waiting for <see cref="ResetMailSender"/>. The forgot-password request only puts what was typed
/// here, so an existing and an unknown name do the same work in the request (no database lookup, no mail) and get the same
/// answer in the same time. Bounded: past <see cref="Capacity"/> waiting requests new ones are dropped (and logged), which
/// the sign-in rate limit already makes rare.
/// </summary>
internal sealed partial class ResetMailQueue(ILogger<ResetMailQueue> logger)
{
    /// <summary>Requests that may wait at once.</summary>
    public const int Capacity = 1000;

    private readonly Channel<string> _requests = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Queues a reset for <paramref name="login"/> (a user name or email, as typed).</summary>
    public void Enqueue(string? login)
    {
        if (!_requests.Writer.TryWrite(login ?? ""))
            LogDropped(logger);
    }

    /// <summary>The waiting requests, in order, for the one reader.</summary>
    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken ct) => _requests.Reader.ReadAllAsync(ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password-reset request dropped: the queue is full")]
    private static partial void LogDropped(ILogger logger);
}
