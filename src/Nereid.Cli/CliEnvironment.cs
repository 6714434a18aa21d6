namespace Nereid.Cli;

/// <summary>
/// Everything the CLI takes from the outside world (streams, environment variables, clock, HTTP), so commands
/// can run in-process in tests without touching the real process environment.
/// </summary>
internal sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }
    public required TextWriter Err { get; init; }
    public required Func<string, string?> GetVariable { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
    /// <summary>HTTP handler for the API and the issuer; null means a default <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    public static CliEnvironment FromProcess() => new()
    {
        Out = Console.Out,
        Err = Console.Error,
        GetVariable = Environment.GetEnvironmentVariable,
    };

    public string HomeDirectory => GetVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public HttpClient CreateHttpClient() => HttpHandler is null
        ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) }
        : new HttpClient(HttpHandler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
}
