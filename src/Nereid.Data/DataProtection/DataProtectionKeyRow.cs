namespace Nereid.Data.DataProtection;

/// <summary>One ASP.NET Core data-protection key (XML), shared by every replica through the database.</summary>
public sealed class DataProtectionKeyRow
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string FriendlyName { get; set; } = "";
    public string Xml { get; set; } = "";
}
