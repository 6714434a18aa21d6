using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nereid.Server.FunctionalTests.Infrastructure;

/// <summary>Every log message a test host writes (add it with <c>ConfigureLogging(l =&gt; l.AddProvider(logs))</c>).</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _entries = new();

    /// <summary>All messages, one per line, each followed by its exception if any.</summary>
    public string Text => string.Join('\n', _entries.Select(e => e.Text));

    /// <summary>The entries at <paramref name="level"/> or above, as "category: message".</summary>
    public IReadOnlyList<string> AtLeast(LogLevel level) =>
        [.. _entries.Where(e => e.Level >= level).Select(e => $"{e.Category}: {e.Text}")];

    public ILogger CreateLogger(string categoryName) => new Logger(_entries, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(LogLevel, string, string)> entries, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, category, formatter(state, exception) + exception));
    }
}
