namespace Nereid.Domain.Namespaces;

public sealed partial class NereidNamespace
{
    /// <summary>Marks a change of the federation switch (stored outside this row) so the ETag moves and controllers see it.</summary>
    public void FederationChanged(DateTime now) => Touch(now);
}
