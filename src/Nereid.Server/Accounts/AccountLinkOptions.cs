using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Accounts;

/// <summary>
/// Links mailed for password resets and email changes. Section <c>Nereid:Auth:AccountLinks</c>. They are sent through
/// the notice mail settings (<c>Nereid:Policies:Notices:SmtpHost</c>, <c>From</c>) and point at <c>PortalUrl</c> there;
/// without both, the pages say the feature is not set up instead of sending anything.
/// </summary>
internal sealed class AccountLinkOptions
{
    public const string Section = "Nereid:Auth:AccountLinks";

    /// <summary>How long a mailed link works. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);
}
