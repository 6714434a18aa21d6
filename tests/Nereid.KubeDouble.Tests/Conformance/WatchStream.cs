using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Conformance;

/// <summary>Reads a watch response as newline-delimited JSON events.</summary>
public sealed class WatchStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(20));

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public int StatusCode => (int)_response.StatusCode;

    public static async Task<WatchStream> OpenAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        return new WatchStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<JsonObject> NextAsync() => (await TryNextAsync()) ?? throw new EndOfStreamException("watch ended");

    public async Task<JsonObject?> TryNextAsync()
    {
        var line = await _reader.ReadLineAsync(_cts.Token);
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    public void Dispose()
    {
        _cts.Dispose();
        _reader.Dispose();
        _response.Dispose();
    }
}
