using System.Text;

namespace Nereid.Server.Audit;

/// <summary>The audit log as CSV (RFC 4180, CRLF lines, ISO 8601 UTC times).</summary>
internal static class AuditCsv
{
    public static readonly string[] Columns = ["at", "actor", "actor_id", "action", "target_type", "target_id", "target_name", "namespace", "before", "after"];

    public static string Write(IEnumerable<AuditView> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder().AppendJoin(',', Columns).Append("\r\n");
        foreach (var e in rows)
        {
            string?[] fields = [DateTime.SpecifyKind(e.At, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture), e.Actor,
                e.ActorId?.ToString(), e.Action, e.TargetType, e.TargetId, e.TargetName, e.Namespace, e.Before, e.After];
            text.AppendJoin(',', fields.Select(Cell)).Append("\r\n");
        }
        return text.ToString();
    }

    // Names come from people: a leading = + - @ would run as a formula in a spreadsheet, so such a cell starts with a quote mark.
    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
