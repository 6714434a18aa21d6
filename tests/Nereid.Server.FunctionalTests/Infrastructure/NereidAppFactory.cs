using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.Tokens;

namespace Nereid.Server.FunctionalTests.Infrastructure;

/// <summary>
/// Hosts the real server in-process on a fresh database. The provider comes from <see cref="TestDatabase"/>
/// (SQLite by default, PostgreSQL when NEREID_TEST_DATABASE=postgres), so the whole suite runs against both.
/// </summary>
public class NereidAppFactory : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "bootstrap-admin-pw";

    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly Dictionary<string, string?> _settings = new();

    public NereidAppFactory()
        : this(TestDatabase.CreateMigrated())
    {
    }

    private NereidAppFactory(TestDatabase database)
    {
        _database = database;
        _ownsDatabase = true;
    }

    /// <summary>A host on a new, empty database, as at an installation's very first start (it migrates the schema itself).</summary>
    public static NereidAppFactory OnEmptyDatabase() => new(TestDatabase.Create());

    /// <summary>A second replica of <paramref name="primary"/>'s server: the same database and settings, its own host.</summary>
    private protected NereidAppFactory(NereidAppFactory primary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        _database = primary._database;
        foreach (var (key, value) in primary._settings)
            _settings[key] = value;
    }

    /// <summary>Extra configuration for a test class (set before the first client is created).</summary>
    public NereidAppFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Nereid:Database:Provider", _database.Provider);
        builder.UseSetting("Nereid:Database:ConnectionString", _database.ConnectionString);
        builder.UseSetting("Nereid:Database:DataDirectory", _database.DataDirectory);
        builder.UseSetting("Nereid:Auth:BootstrapAdminPassword", AdminPassword);
        builder.UseSetting("Nereid:Auth:LoginAttemptsPerMinute", "1000");
        builder.UseSetting("Nereid:Auth:RegistrationAttemptsPerMinute", "1000");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        // PBKDF2 at the framework's 100,000 iterations is most of a sign-in's cost, and the suite signs in and creates
        // accounts thousands of times. The hashing code is the product's; only its work factor is lowered, as ASP.NET Core
        // Identity allows. The timing goal is measured on the default by the signin-timing benchmark, and
        // AccountOracleTests counts verifications with the default.
        builder.ConfigureServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = TestPasswordIterations));
    }

    /// <summary>The PBKDF2 work factor of the suite's hosts (the product's default is the framework's, 100,000).</summary>
    public const int TestPasswordIterations = 1_000;

    /// <summary>Creates a local account with the given tier (directly, as an operator would) and returns its person id.</summary>
    public async Task<Person> CreatePersonAsync(string userName, Tier tier, string? email = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<LocalAccountService>();
        return await accounts.CreateAsync(null, userName, userName + "-password", userName + " Name", email ?? $"{userName}@example.edu", tier, CancellationToken.None);
    }

    /// <summary>A person without a local account (no password hashing), for tests that only need someone to exist.</summary>
    public async Task<Person> CreateBarePersonAsync(string name, Tier tier)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Nereid.Data.NereidDbContext>();
        var person = new Person { DisplayName = name, Tier = tier, CreatedAt = DateTime.UtcNow };
        person.SetEmail($"{name}@example.edu");
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    }

    /// <summary>An HttpClient authenticated with a fresh personal access token of the given person.</summary>
    public async Task<HttpClient> ClientForAsync(Person person)
    {
        await using var scope = Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        var created = await tokens.CreateAsync(new Actor(person.Id, person.DisplayName, person.Tier), "test", 30, CancellationToken.None);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }

    public async Task<Person> AdminAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Nereid.Data.NereidDbContext>();
        return db.People.First(p => p.Tier == Tier.PlatformAdmin);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase)
            _database.Dispose();
    }
}
