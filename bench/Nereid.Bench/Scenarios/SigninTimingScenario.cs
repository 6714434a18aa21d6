using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Bench.Reporting;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.TestSupport.Processes;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>signin-timing</c> (issue 16): does sign-in tell which user names exist? The server runs in this process on the
/// embedded default (SQLite, as Program.cs builds it); <c>--attempts</c> (50) rounds each send, in an order that turns
/// every round, a wrong password for an existing name, any password for an unknown name and the right password for a
/// locked name, timed from the client (POST /login to the answer), after <c>--warmup</c> (5) rounds not counted. Each kind is its own baseline for the
/// others: <c>max_spread</c> is the largest median over the smallest, minus one (goal: within 0.2).
/// </summary>
public sealed class SigninTimingScenario : IBenchScenario
{
    private const string Password = "bench-correct-password";

    public string Name => "signin-timing";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new BenchArguments(args);
        var attempts = options.Int("attempts", 50);
        var warmUp = options.Int("warmup", 5);
        var dir = Directory.CreateTempSubdirectory("nereid-signin-bench-").FullName;
        var baseUrl = $"http://127.0.0.1:{FreePort.Get()}";
        await using var app = await InProcessNereid.StartAsync(baseUrl, new Dictionary<string, string>
        {
            ["Nereid:Database:ConnectionString"] = $"Data Source={Path.Combine(dir, "nereid.db")}",
            ["Nereid:Auth:BootstrapAdminPassword"] = "bench-admin-password",
            // Neither the rate limit nor the lockout of the existing name is what is measured: both set as high as allowed,
            // so every attempt reaches the password check (the existing name stays unlocked for the 55 rounds).
            ["Nereid:Auth:LoginAttemptsPerMinute"] = "10000",
            ["Nereid:Auth:MaxFailedAttempts"] = "100",
        }, cancellationToken);
        await SeedAsync(app, cancellationToken);

        var kinds = new (string Kind, string User, string Password)[]
        {
            ("existing", "bench-existing", "a-wrong-password"),
            ("unknown", "bench-nobody-has-this-name", "a-wrong-password"),
            ("locked", "bench-locked", Password),
        };
        var clients = new Dictionary<string, (HttpClient Client, string Token)>();
        foreach (var k in kinds)
            clients[k.Kind] = await InProcessNereid.FormClientAsync(baseUrl, cancellationToken);
        var times = kinds.ToDictionary(k => k.Kind, _ => new List<double>());
        var statuses = new HashSet<HttpStatusCode>();
        for (var round = 0; round < warmUp + attempts; round++)
        {
            // The order turns every round, so whatever one attempt leaves behind (a WAL page, garbage) falls on each kind alike.
            for (var turn = 0; turn < kinds.Length; turn++)
            {
                var (kind, user, password) = kinds[(round + turn) % kinds.Length];
                var (client, token) = clients[kind];
                var clock = Stopwatch.StartNew();
                using var answer = await InProcessNereid.PostLoginAsync(client, token, user, password, cancellationToken);
                await answer.Content.ReadAsByteArrayAsync(cancellationToken);
                clock.Stop();
                statuses.Add(answer.StatusCode);
                if (round >= warmUp)
                    times[kind].Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        foreach (var (client, _) in clients.Values)
            client.Dispose();
        // Stopped before the result, so the hosted services' shutdown logs cannot follow the RESULT line.
        await app.StopAsync(cancellationToken);

        var medians = times.ToDictionary(t => t.Key, t => Median(t.Value));
        var spread = medians.Values.Max() / medians.Values.Min() - 1;
        foreach (var (kind, list) in times)
            Console.Error.WriteLine($"  {kind}: median {medians[kind]:0.00} ms, min {list.Min():0.00}, max {list.Max():0.00}");
        Console.Error.WriteLine($"  answers: {string.Join(", ", statuses.Select(s => (int)s))} (one status for all three kinds expected)");
        ResultLine.Print(Name,
            ("attempts", attempts),
            ("existing_ms", medians["existing"]),
            ("unknown_ms", medians["unknown"]),
            ("locked_ms", medians["locked"]),
            ("max_spread", spread));
        return statuses.Count == 1 ? 0 : 1;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>An existing account and a locked one (locked for a day, as repeated failures leave it).</summary>
    private static async Task SeedAsync(WebApplication app, CancellationToken ct)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<LocalAccountService>();
        await accounts.CreateAsync(null, "bench-existing", Password, "Existing Person", "existing@example.edu", Tier.User, ct);
        var locked = await accounts.CreateAsync(null, "bench-locked", Password, "Locked Person", "locked@example.edu", Tier.User, ct);
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var account = await db.LocalAccounts.SingleAsync(a => a.PersonId == locked.Id, ct);
        account.LockedUntil = DateTime.UtcNow.AddDays(1);
        await db.SaveChangesAsync(ct);
    }
}
