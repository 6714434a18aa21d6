using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Nereid.Domain.People;

namespace Nereid.Server.Auth;

/// <summary>Hashing and checking local passwords; a seam so tests can count how much hashing a sign-in did.</summary>
internal interface IPasswordHashing
{
    /// <summary>
    /// A hash of no one's password, verified when the user name is unknown or locked so that those answers cost the same
    /// hashing work as a wrong password and cannot be told apart by timing. Same hasher, same iteration count.
    /// </summary>
    string NoAccountHash { get; }

    string Hash(LocalAccount account, string password);

    PasswordVerificationResult Verify(LocalAccount account, string hash, string password);
}

/// <summary>
/// ASP.NET Core Identity's PBKDF2 hasher, configured as Identity configures it (the framework's
/// <see cref="PasswordHasherOptions"/>: its current iteration count unless changed; a hash made with another count is
/// upgraded at the next sign-in).
/// </summary>
internal sealed class PasswordHashing : IPasswordHashing
{
    private readonly PasswordHasher<LocalAccount> _hasher;

    public PasswordHashing(IOptions<PasswordHasherOptions> options)
    {
        _hasher = new PasswordHasher<LocalAccount>(options);
        NoAccountHash = _hasher.HashPassword(new LocalAccount(), "nereid-dummy-" + Guid.NewGuid().ToString("N"));
    }

    public string NoAccountHash { get; }

    public string Hash(LocalAccount account, string password) => _hasher.HashPassword(account, password);

    public PasswordVerificationResult Verify(LocalAccount account, string hash, string password) => _hasher.VerifyHashedPassword(account, hash, password);
}
