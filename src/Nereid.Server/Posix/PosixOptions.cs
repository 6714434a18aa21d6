using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Posix;

/// <summary>How people's POSIX identities (user name + uid, for Slurm and operators' account provisioning) are chosen. Section <c>Nereid:Posix</c>.</summary>
internal sealed class PosixOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nereid:Posix";

    /// <summary>Sign-in claim whose local part (before <c>@</c>) becomes the user name when usable. Default <c>eppn</c> (CILogon).</summary>
    [Required, RegularExpression("^[A-Za-z0-9_:.-]{1,100}$")]
    public string UserNameClaim { get; set; } = "eppn";

    /// <summary>First uid Nereid hands out; later ones count up from the highest assigned. Default 200000 (above local and LDAP ranges).</summary>
    [Range(1000, 2_000_000_000)]
    public int FirstUid { get; set; } = 200_000;

    /// <summary>Prefix of assigned user names (prefix + uid) for people without a usable claim. Default <c>u</c>.</summary>
    [Required, RegularExpression("^[a-z_][a-z0-9_]{0,15}$")]
    public string AssignedPrefix { get; set; } = "u";

    /// <summary>Primary group id written in the passwd export. Default 100 (<c>users</c>).</summary>
    [Range(0, 2_000_000_000)]
    public int PrimaryGid { get; set; } = 100;

    /// <summary>Home directory in the passwd export; <c>{user}</c> is replaced by the user name. Default <c>/home/{user}</c>.</summary>
    [Required, RegularExpression("^/[^:\n]*$")]
    public string HomeDirectory { get; set; } = "/home/{user}";

    /// <summary>Login shell in the passwd export. Default <c>/bin/bash</c>.</summary>
    [Required, RegularExpression("^/[^:\n]*$")]
    public string Shell { get; set; } = "/bin/bash";
}
