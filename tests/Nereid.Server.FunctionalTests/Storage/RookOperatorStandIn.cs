using System.Security.Cryptography;
using System.Text;
using Nereid.Kubernetes.Client;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// TEST-ONLY STAND-IN base for the parts of the Rook operator Nereid's storage relies on — not Rook, and nothing Nereid
/// ships. Each stand-in built on it answers as Rook's documentation says for its kind and nothing more: it polls the
/// double every 50 ms, treats a conflict or a race with a deletion as something the next pass sees, and records every
/// secret key it issues so tests can prove none leaks into logs or audit.
/// </summary>
internal abstract class RookOperatorStandIn : IAsyncDisposable
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _issuedSecretKeys = [];
    private Task _loop = Task.CompletedTask;

    protected RookOperatorStandIn(IKubeClient kube) => Kube = kube;

    /// <summary>Every secret key issued so far (to prove none leaks into logs or audit).</summary>
    public IReadOnlyList<string> IssuedSecretKeys
    {
        get
        {
            lock (_issuedSecretKeys)
            {
                return [.. _issuedSecretKeys];
            }
        }
    }

    /// <summary>The double's API, as Rook's operator would reach the cluster.</summary>
    protected IKubeClient Kube { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }

    /// <summary>Starts polling; called by the derived constructor once its own fields are set, which a pass reads.</summary>
    protected void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>One look at the double and the steps Rook would take.</summary>
    protected abstract Task PassAsync(CancellationToken ct);

    /// <summary>A new random access key id, as Rook's are (20 upper-case letters and digits).</summary>
    protected static string NewAccessKey() => RandomNumberGenerator.GetString(Alphabet, 20);

    /// <summary>A new random secret key (40 letters and digits), recorded in <see cref="IssuedSecretKeys"/>.</summary>
    protected string IssueSecretKey() => Record(RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz" + Alphabet, 40));

    /// <summary>Records a secret key the stand-in put in force (issued, or given through a resource), for the leak checks.</summary>
    protected string Record(string secretKey)
    {
        lock (_issuedSecretKeys)
        {
            if (!_issuedSecretKeys.Contains(secretKey))
            {
                _issuedSecretKeys.Add(secretKey);
            }
        }
        return secretKey;
    }

    protected static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private async Task LoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await PassAsync(ct);
            }
            catch (KubeApiException)
            {
                // A conflict or a race with a deletion: the next pass sees the new state.
            }
            await Task.Delay(50, ct);
        }
    }
}
