using Microsoft.AspNetCore.Identity;
using Nereid.Domain.People;

namespace Nereid.Server.Auth;

/// <summary>Hashing and checking local passwords; a seam so tests can count how much hashing a sign-in did.</summary>
internal interface IPasswordHashing
{
    string Hash(LocalAccount account, string password);

    PasswordVerificationResult Verify(LocalAccount account, string hash, string password);
}

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (its current iteration count, upgraded on sign-in).</summary>
internal sealed class PasswordHashing : IPasswordHashing
{
    private static readonly PasswordHasher<LocalAccount> Hasher = new();

    /// <summary>
    /// A fixed hash of no one's password, verified when the user name is unknown or locked so that those answers cost
    /// the same hashing work as a wrong password and cannot be told apart by timing. Same hasher, same iteration count.
    /// </summary>
    internal static readonly string DummyHash = Hasher.HashPassword(new LocalAccount(), "nereid-dummy-" + Guid.NewGuid().ToString("N"));

    public string Hash(LocalAccount account, string password) => Hasher.HashPassword(account, password);

    public PasswordVerificationResult Verify(LocalAccount account, string hash, string password) => Hasher.VerifyHashedPassword(account, hash, password);
}
