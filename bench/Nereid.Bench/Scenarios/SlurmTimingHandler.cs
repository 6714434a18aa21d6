using System.Diagnostics;

namespace Nereid.Bench.Scenarios;

/// <summary>Prints each write request to slurmrestd with its body size and duration, so the growth of slurmdbd's time per batch shows.</summary>
internal sealed class SlurmTimingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get)
            return await base.SendAsync(request, cancellationToken);
        var bytes = request.Content?.Headers.ContentLength ?? 0;
        var watch = Stopwatch.StartNew();
        var response = await base.SendAsync(request, cancellationToken);
        Console.Error.WriteLine($"slurm:   {request.Method} {request.RequestUri?.AbsolutePath} {bytes} B → {(int)response.StatusCode} in {watch.Elapsed.TotalSeconds:F2} s");
        return response;
    }
}
