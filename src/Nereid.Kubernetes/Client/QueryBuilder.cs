using System.Globalization;
using System.Text;

namespace Nereid.Kubernetes.Client;

/// <summary>Appends URL-encoded query parameters, skipping nulls.</summary>
internal struct QueryBuilder(string path)
{
    private readonly StringBuilder _sb = new(path, path.Length + 64);
    private bool _hasQuery;

    public QueryBuilder Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }
        _sb.Append(_hasQuery ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        _hasQuery = true;
        return this;
    }

    public QueryBuilder Add(string name, long? value) =>
        value is null ? this : Add(name, value.Value.ToString(CultureInfo.InvariantCulture));

    public override readonly string ToString() => _sb.ToString();
}
