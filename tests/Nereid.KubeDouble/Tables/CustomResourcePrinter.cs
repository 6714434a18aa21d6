using System.Text.Json.Nodes;
using Nereid.KubeDouble.CustomResources;
using Nereid.KubeDouble.Discovery;

namespace Nereid.KubeDouble.Tables;

/// <summary>
/// The apiextensions table convertor: Name, then the version's <c>additionalPrinterColumns</c> (or Age when it has
/// none); <c>date</c> cells are shown as ages, other cells as the value found at the column's path (empty when absent).
/// </summary>
internal static class CustomResourcePrinter
{
    public static Printer For(ResourceInfo r)
    {
        IReadOnlyList<PrinterColumn> columns = r.PrinterColumns.Count > 0 ? r.PrinterColumns
            : [new PrinterColumn("Age", "date", ".metadata.creationTimestamp", Printer.CreationDescription, 0, "")];
        return new Printer(
            [Printer.NameColumn, .. columns.Select(c => new Column(c.Name, c.Type, c.Description, c.Priority, c.Format))],
            (o, now) => [Printer.Name(o), .. columns.Select(c => Cell(o, c, now))]);
    }

    private static JsonNode? Cell(JsonObject obj, PrinterColumn column, DateTimeOffset now)
    {
        JsonNode? node = obj;
        foreach (var part in column.JsonPath.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonObject o ? o[part] : null;
        }
        if (node is null)
        {
            return null;
        }
        return column.Type == "date" ? HumanDuration.Since(Printer.Str(node), now) : node.DeepClone();
    }
}
