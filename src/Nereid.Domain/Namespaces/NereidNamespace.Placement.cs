namespace Nereid.Domain.Namespaces;

public sealed partial class NereidNamespace
{
    /// <summary>Marks a change of placement or per-cluster quota (stored outside this row) so every cluster's reconciler sees it.</summary>
    public void PlacementChanged(DateTime now) => Touch(now);
}
