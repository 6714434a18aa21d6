using System.Globalization;
using System.Text;
using Nereid.Domain.Usage;

namespace Nereid.Server.Ledger;

/// <summary>One ledger row as exported: what a record says, without its database id.</summary>
internal sealed record LedgerRow(string SourceKey, string Engine, string Namespace, string Person, string Institution, string GpuType,
    DateOnly Day, double CpuHours, double GpuHours, double MemoryGibHours)
{
    public static LedgerRow From(LedgerRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.SourceKey, EngineName(r.Engine), r.Namespace, r.Person, r.Institution, r.GpuType,
            DateOnly.FromDateTime(r.Day), r.CpuHours, r.GpuHours, r.MemoryGibHours);
    }

    /// <summary>How an engine is named in exports: <c>kubernetes</c>, <c>slurm</c>.</summary>
    public static string EngineName(LedgerEngine engine) => engine.ToString().ToLowerInvariant();
}

/// <summary>
/// The ledger as CSV (RFC 4180: a header line, fields quoted when they hold a comma, quote or line break; numbers in the
/// invariant culture with round-trip precision), and read back, so an export can be re-imported or checked exactly.
/// </summary>
internal static class LedgerCsv
{
    public const string Header = "source_key,engine,namespace,person,institution,gpu_type,day,cpu_hours,gpu_hours,memory_gib_hours";

    public static string Write(IEnumerable<LedgerRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder(Header).Append("\r\n");
        foreach (var r in rows)
        {
            text.AppendJoin(',', [Quote(r.SourceKey), Quote(r.Engine), Quote(r.Namespace), Quote(r.Person), Quote(r.Institution),
                Quote(r.GpuType), r.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Number(r.CpuHours), Number(r.GpuHours),
                Number(r.MemoryGibHours)]).Append("\r\n");
        }
        return text.ToString();
    }

    public static IReadOnlyList<LedgerRow> Read(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var records = Parse(csv);
        if (records.Count == 0 || string.Join(',', records[0]) != Header)
            throw new FormatException("Not a ledger CSV: the first line must be the header " + Header);
        return [.. records.Skip(1).Select(f => f.Count != 10 ? throw new FormatException($"A ledger row has 10 fields, not {f.Count}.")
            : new LedgerRow(f[0], f[1], f[2], f[3], f[4], f[5], DateOnly.ParseExact(f[6], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                double.Parse(f[7], CultureInfo.InvariantCulture), double.Parse(f[8], CultureInfo.InvariantCulture),
                double.Parse(f[9], CultureInfo.InvariantCulture)))];
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static List<List<string>> Parse(string csv)
    {
        var records = new List<List<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < csv.Length && csv[i + 1] == '"')
                    field.Append(csv[++i]);
                else
                    quoted = false;
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
                    i++;
                fields.Add(field.ToString());
                field.Clear();
                records.Add(fields);
                fields = [];
            }
            else
                field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(fields);
        }
        return records;
    }
}
