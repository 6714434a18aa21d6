using System.Diagnostics;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// Prints each request to slurmrestd but the ledger's job reads with its body size and duration, so the growth of
/// slurmdbd's time per batch shows, and what each of a pass's list reads costs.
/// </summary>
internal sealed class SlurmTimingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.AbsolutePath.EndsWith("/jobs", StringComparison.Ordinal) == true)
            return await base.SendAsync(request, cancellationToken);
        var bytes = request.Content?.Headers.ContentLength ?? 0;
        var watch = Stopwatch.StartNew();
        var response = await base.SendAsync(request, cancellationToken);
        Console.Error.WriteLine($"slurm:   {request.Method} {request.RequestUri?.AbsolutePath} {bytes} B → {(int)response.StatusCode} in {watch.Elapsed.TotalSeconds:F2} s");
        return response;
    }
}
