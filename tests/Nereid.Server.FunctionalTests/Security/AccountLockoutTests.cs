using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Security;

/// <summary>
/// The failed-attempt bookkeeping every refused sign-in runs (issue 16): wrong passwords lock an account after
/// <c>MaxFailedAttempts</c> (5) for <c>LockoutDuration</c> (5 minutes) on the service's clock, concurrent guesses are all
/// counted, and refusals of unknown or locked names change no account.
/// </summary>
public sealed class AccountLockoutTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task CheckPassword_FiveWrongThenRight_LockedUntilLockoutEndsThenSignsIn()
    {
        var person = await app.CreatePersonAsync("lockout-a", Tier.User);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

        for (var i = 0; i < 5; i++)
            (await CheckAsync(clock, "lockout-a", "wrong-password")).ShouldBeNull();
        var lockedRight = await CheckAsync(clock, "LOCKOUT-A", "lockout-a-password");
        var whileLocked = await AccountAsync(person.Id);
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var afterLockout = await CheckAsync(clock, "lockout-a", "lockout-a-password");

        lockedRight.ShouldBeNull("the right password is refused while the account is locked");
        whileLocked.LockedUntil.ShouldNotBeNull();
        whileLocked.LockedUntil.Value.ShouldBe(clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1));
        whileLocked.FailedAttempts.ShouldBe(0, "the count starts again once the account is locked");
        afterLockout.ShouldNotBeNull().Id.ShouldBe(person.Id);
        var after = await AccountAsync(person.Id);
        (after.FailedAttempts, after.LockedUntil).ShouldBe((0, (DateTime?)null));
    }

    [Fact]
    public async Task CheckPassword_FourWrongThenRight_CountResetAndNotLocked()
    {
        var person = await app.CreatePersonAsync("lockout-b", Tier.User);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

        for (var i = 0; i < 4; i++)
            (await CheckAsync(clock, "lockout-b", "wrong-password")).ShouldBeNull();
        var counted = await AccountAsync(person.Id);
        var right = await CheckAsync(clock, "lockout-b", "lockout-b-password");

        counted.FailedAttempts.ShouldBe(4);
        right.ShouldNotBeNull().Id.ShouldBe(person.Id);
        var after = await AccountAsync(person.Id);
        (after.FailedAttempts, after.LockedUntil).ShouldBe((0, (DateTime?)null));
    }

    [Fact]
    public async Task CheckPassword_FiveWrongAtOnce_AllCountedAndLocked()
    {
        var person = await app.CreatePersonAsync("lockout-c", Tier.User);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => CheckAsync(clock, "lockout-c", "wrong-password")));

        results.ShouldAllBe(r => r == null);
        (await AccountAsync(person.Id)).LockedUntil.ShouldNotBeNull("each of the concurrent guesses was counted");
        (await CheckAsync(clock, "lockout-c", "lockout-c-password")).ShouldBeNull();
    }

    [Fact]
    public async Task CheckPassword_LockedAccountGuessed_LockNeitherExtendedNorCounted()
    {
        var person = await app.CreatePersonAsync("lockout-d", Tier.User);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        for (var i = 0; i < 5; i++)
            await CheckAsync(clock, "lockout-d", "wrong-password");
        var locked = await AccountAsync(person.Id);

        clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 3; i++)
            (await CheckAsync(clock, "lockout-d", "wrong-password")).ShouldBeNull();

        var after = await AccountAsync(person.Id);
        (after.FailedAttempts, after.LockedUntil).ShouldBe((locked.FailedAttempts, locked.LockedUntil));
    }

    /// <summary>The service as the app builds it, but on <paramref name="clock"/>, in a scope of its own (as each request has).</summary>
    private async Task<Person?> CheckAsync(TimeProvider clock, string userName, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = ActivatorUtilities.CreateInstance<LocalAccountService>(scope.ServiceProvider, clock);
        return await accounts.CheckPasswordAsync(userName, password, CancellationToken.None);
    }

    private async Task<LocalAccount> AccountAsync(Guid personId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().LocalAccounts.AsNoTracking().SingleAsync(a => a.PersonId == personId);
    }
}
