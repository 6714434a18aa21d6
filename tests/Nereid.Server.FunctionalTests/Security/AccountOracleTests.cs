using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Pages.Account;

namespace Nereid.Server.FunctionalTests.Security;

/// <summary>Counts every password verification and hash the server does (the real hasher does the work).</summary>
public sealed class CountingHashing : IPasswordHashing
{
    private readonly PasswordHashing _real = new(Options.Create(new PasswordHasherOptions()));
    private int _verifications;
    private int _hashes;

    public string NoAccountHash => _real.NoAccountHash;

    public int Verifications => Volatile.Read(ref _verifications);
    public int Hashes => Volatile.Read(ref _hashes);

    public string Hash(LocalAccount account, string password)
    {
        Interlocked.Increment(ref _hashes);
        return _real.Hash(account, password);
    }

    public PasswordVerificationResult Verify(LocalAccount account, string hash, string password)
    {
        Interlocked.Increment(ref _verifications);
        return _real.Verify(account, hash, password);
    }
}

/// <summary>
/// Records every SQL statement that reads or writes the local accounts, in order, so a test can compare the database
/// work two sign-in attempts did.
/// </summary>
public sealed class AccountStatements : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();

    public int Count => _seen.Count;

    /// <summary>The statements recorded from position <paramref name="from"/> on.</summary>
    public List<string> Since(int from) => _seen.Skip(from).ToList();

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
        System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
        System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Record(System.Data.Common.DbCommand command)
    {
        if (command.CommandText.Contains("local_accounts", StringComparison.Ordinal))
            _seen.Enqueue(command.CommandText);
    }
}

/// <summary>
/// A server with small attempt budgets, the counting hasher, the account statement recorder, and a test-only header that sets the client address
/// (TestServer has no socket), so budgets per address and per account name can be told apart.
/// </summary>
public sealed class OracleAppFactory : NereidAppFactory
{
    public const string ClientHeader = "X-Test-Client";

    public CountingHashing Hashing { get; } = new();

    public AccountStatements Statements { get; } = new();

    public OracleAppFactory()
    {
        With("Nereid:Auth:LoginAttemptsPerMinute", "3");
        With("Nereid:Auth:RegistrationAttemptsPerMinute", "2");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<IPasswordHashing>(Hashing);
            s.ConfigureDbContext<NereidDbContext>(o => o.AddInterceptors(Statements));
            s.AddSingleton<IStartupFilter>(new ClientAddress());
        });
    }

    private sealed class ClientAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, n) =>
            {
                ctx.Connection.RemoteIpAddress = IPAddress.Parse(ctx.Request.Headers[ClientHeader].FirstOrDefault() ?? "192.0.2.1");
                return n(ctx);
            });
            next(app);
        };
    }
}

public sealed class AccountOracleTests(OracleAppFactory app) : IClassFixture<OracleAppFactory>
{
    [Fact]
    public async Task SignIn_ExistingUnknownAndLocked_SameHashAndDatabaseWorkAndSameAnswer()
    {
        await app.CreatePersonAsync("oracle-known", Tier.User);
        var locked = await app.CreatePersonAsync("oracle-locked", Tier.User);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            var account = await db.LocalAccounts.SingleAsync(a => a.PersonId == locked.Id);
            account.LockedUntil = DateTime.UtcNow.AddHours(1);
            await db.SaveChangesAsync();
        }

        var known = await AttemptAsync("198.51.100.1", "oracle-known", "wrong-password-1");
        var unknown = await AttemptAsync("198.51.100.2", "oracle-nobody", "wrong-password-1");
        var lockedRight = await AttemptAsync("198.51.100.3", "oracle-locked", "oracle-locked-password");

        (known.Verifications, unknown.Verifications, lockedRight.Verifications).ShouldBe((1, 1, 1));
        known.Statements.Count.ShouldBe(2, "one read of the account and one failed-attempt update: " + string.Join(" | ", known.Statements));
        unknown.Statements.ShouldBe(known.Statements, "an unknown name costs the same statements as a wrong password");
        lockedRight.Statements.ShouldBe(known.Statements, "a locked account costs the same statements as a wrong password");
        (known.Status, unknown.Status, lockedRight.Status).ShouldBe((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest));
        known.Decoded.ShouldContain(LoginModel.FailedMessage);
        Normalize(unknown.Decoded).ShouldBe(Normalize(known.Decoded));
        Normalize(lockedRight.Decoded).ShouldBe(Normalize(known.Decoded));
    }

    [Fact]
    public async Task Register_TakenNameOrEmailAnonymously_OneAnswerThatNamesNeither()
    {
        await app.CreatePersonAsync("oracle-taken", Tier.User, "taken@example.edu");

        var name = await RegisterAsync("198.51.100.20", "oracle-taken", "fresh@example.edu");
        var email = await RegisterAsync("198.51.100.21", "oracle-fresh", "TAKEN@example.edu");

        name.Status.ShouldBe(HttpStatusCode.Conflict);
        email.Status.ShouldBe(HttpStatusCode.Conflict);
        name.Decoded.ShouldContain(Nereid.Server.Auth.LocalAccountService.UnavailableMessage);
        email.Decoded.ShouldContain(Nereid.Server.Auth.LocalAccountService.UnavailableMessage);
        name.Decoded.ShouldNotContain("is taken");
        email.Decoded.ShouldNotContain("already uses");
    }

    [Fact]
    public async Task RateLimit_FormLoadsAreFree_PostsCountPerAddressWithRetryAfter()
    {
        using var client = PageClient.Anonymous(app);
        const string address = "198.51.100.30";

        for (var i = 0; i < 10; i++)
            (await SendAsync(address, HttpMethod.Get, "/login")).StatusCode.ShouldBe(HttpStatusCode.OK, "loading the form is not an attempt");
        var attempts = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            attempts.Add((await AttemptAsync(address, "rl-name-" + i, "wrong-password-1")).Status);
        using var refused = await SendAsync(address, HttpMethod.Post, "/login");

        attempts.ShouldBe([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests]);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        (await RegisterAsync(address, "rl-new-person", "")).Status.ShouldNotBe(HttpStatusCode.TooManyRequests, "sign-up has its own budget");
    }

    [Fact]
    public async Task RateLimit_OneNameFromManyAddresses_CountsPerAccountName()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await AttemptAsync("203.0.113." + (10 + i), "spread-target", "wrong-password-1")).Status);

        statuses.ShouldBe([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests]);
    }

    [Fact]
    public async Task RateLimit_Registration_OwnBudgetPerAddress()
    {
        const string address = "198.51.100.40";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await RegisterAsync(address, "reg-budget-" + i, "")).Status);

        statuses.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests]);
        (await AttemptAsync(address, "reg-budget-0", "wrong-password-1")).Status.ShouldBe(HttpStatusCode.BadRequest, "sign-in has its own budget");
    }

    private async Task<Attempt> AttemptAsync(string address, string user, string password)
    {
        using var form = await SendAsync(address, HttpMethod.Get, "/login");
        var html = await form.Content.ReadAsStringAsync();
        var before = app.Hashing.Verifications;
        var statementsBefore = app.Statements.Count;
        using var response = await SendAsync(address, HttpMethod.Post, "/login", html, form, new()
        {
            ["Input.UserName"] = user, ["Input.Password"] = password,
        });
        var text = await response.Content.ReadAsStringAsync();
        return new Attempt(response.StatusCode, WebUtility.HtmlDecode(text), app.Hashing.Verifications - before, app.Statements.Since(statementsBefore));
    }

    private async Task<Attempt> RegisterAsync(string address, string user, string email)
    {
        using var form = await SendAsync(address, HttpMethod.Get, "/register");
        var html = await form.Content.ReadAsStringAsync();
        using var response = await SendAsync(address, HttpMethod.Post, "/register", html, form, new()
        {
            ["Input.UserName"] = user, ["Input.DisplayName"] = user, ["Input.Email"] = email,
            ["Input.Password"] = "long-enough-password", ["Input.ConfirmPassword"] = "long-enough-password",
        });
        return new Attempt(response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), 0, []);
    }

    private async Task<HttpResponseMessage> SendAsync(string address, HttpMethod method, string url, string? formHtml = null,
        HttpResponseMessage? formResponse = null, Dictionary<string, string>? fields = null)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add(OracleAppFactory.ClientHeader, address);
        if (formResponse?.Headers.TryGetValues("Set-Cookie", out var cookies) == true)
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        if (fields is not null)
        {
            fields["__RequestVerificationToken"] = PageClient.AntiforgeryToken(formHtml!) ?? "";
            request.Content = new FormUrlEncodedContent(fields);
        }
        else if (method == HttpMethod.Post)
        {
            request.Content = new FormUrlEncodedContent([]);
        }
        return await client.SendAsync(request);
    }

    /// <summary>The page without its per-request parts (antiforgery token, echoed user name).</summary>
    private static string Normalize(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "value=\"[^\"]*\"", "value=\"\"");

    private sealed record Attempt(HttpStatusCode Status, string Decoded, int Verifications, List<string> Statements);
}
