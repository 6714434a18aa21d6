namespace Nereid.Cli;

/// <summary>
/// Everything the CLI takes from the outside world (streams, environment variables, clock, HTTP), so commands
/// can run in-process in tests without touching the real process environment.
/// </summary>
internal sealed class CliEnvironment
{
    private TextWriter? _out;
    private TextWriter? _err;

    /// <summary>Standard output; Console.Out is only created when first used (it costs start-up time on the hot path).</summary>
    public TextWriter Out { get => _out ??= Console.Out; init => _out = value; }

    /// <summary>Standard error, created on first use like <see cref="Out"/>.</summary>
    public TextWriter Err { get => _err ??= Console.Error; init => _err = value; }

    public required Func<string, string?> GetVariable { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
    /// <summary>HTTP handler for the API and the issuer; null means a default <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    public static CliEnvironment FromProcess() => new() { GetVariable = Environment.GetEnvironmentVariable };

    public string HomeDirectory => GetVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public HttpClient CreateHttpClient() => HttpHandler is null
        ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) }
        : new HttpClient(HttpHandler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
}
