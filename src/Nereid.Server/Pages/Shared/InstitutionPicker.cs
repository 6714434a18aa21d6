namespace Nereid.Server.Pages.Shared;

/// <summary>What <c>_InstitutionPicker</c> needs: the select's id and form name, the value now, whether it must be chosen, aria-invalid.</summary>
internal sealed record InstitutionPicker(string Id, string Name, string? Selected, bool Required, string? Invalid = null);
