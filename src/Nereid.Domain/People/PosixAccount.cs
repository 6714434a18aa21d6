namespace Nereid.Domain.People;

/// <summary>How a person's POSIX user name was chosen.</summary>
public enum PosixNameSource
{
    /// <summary>From the configured sign-in claim (e.g. the local part of CILogon's <c>eppn</c>).</summary>
    Claim,

    /// <summary>Assigned by Nereid (prefix + uid) because no usable claim was present.</summary>
    Assigned,
}

/// <summary>
/// A person's login identity on POSIX systems (Slurm clusters, operators' account provisioning): a user name and a
/// numeric uid, both unique and never changed once assigned, so files and accounting stay attributed to the same person.
/// </summary>
public sealed class PosixAccount
{
    /// <summary>Longest user name: the common limit of useradd and Slurm.</summary>
    public const int MaxUserNameLength = 32;

    private PosixAccount()
    {
    }

    public Guid PersonId { get; private set; }
    public string UserName { get; private set; } = "";
    public int Uid { get; private set; }
    public PosixNameSource Source { get; private set; }
    public DateTime AssignedAt { get; private set; }

    /// <summary>Creates the account; <paramref name="userName"/> must already be valid and unique (see <see cref="PosixUserNames"/>).</summary>
    public static PosixAccount Assign(Guid personId, string userName, int uid, PosixNameSource source, DateTime now)
    {
        if (!PosixUserNames.IsValid(userName))
        {
            throw new ArgumentException($"'{userName}' is not a valid POSIX user name.", nameof(userName));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(uid);
        return new PosixAccount { PersonId = personId, UserName = userName, Uid = uid, Source = source, AssignedAt = now };
    }
}
