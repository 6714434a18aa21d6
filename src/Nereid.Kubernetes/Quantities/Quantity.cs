using System.Globalization;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Quantities;

/// <summary>
/// A Kubernetes resource quantity (<c>500m</c>, <c>4Gi</c>, <c>1e3</c>) held exactly as a <see cref="decimal"/>.
/// Equality and ordering compare values only, so <c>1Gi</c> equals <c>1073741824</c>; the format only decides how
/// <see cref="ToString"/> writes it. The default value is zero.
/// </summary>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    /// <summary>Creates a quantity of <paramref name="value"/> written with <paramref name="format"/>.</summary>
    public Quantity(decimal value, QuantityFormat format = QuantityFormat.DecimalSI)
    {
        Value = value;
        Format = format;
    }

    /// <summary>The exact value in base units (cores, bytes, count).</summary>
    public decimal Value { get; }

    /// <summary>The preferred output format.</summary>
    public QuantityFormat Format { get; }

    /// <summary>Zero.</summary>
    public static Quantity Zero => default;

    /// <summary>The value as a decimal in base units.</summary>
    public decimal ToDecimal() => Value;

    /// <summary>The value in thousandths, rounded up as Kubernetes does (<c>0.5m</c> → 1), e.g. CPU millicores.</summary>
    public long ToMillis() => (long)decimal.Ceiling(Value * 1000m);

    /// <summary>The value rounded up to a whole number, e.g. bytes of memory or a GPU count.</summary>
    public long ToInt64() => (long)decimal.Ceiling(Value);

    /// <summary>Creates a quantity from millis (<c>FromMillis(500)</c> is <c>500m</c>).</summary>
    public static Quantity FromMillis(long millis) => new(millis / 1000m, QuantityFormat.DecimalSI);

    /// <summary>Creates a byte quantity written with binary suffixes (<c>FromBytes(1024)</c> is <c>1Ki</c>).</summary>
    public static Quantity FromBytes(long bytes) => new(bytes, QuantityFormat.BinarySI);

    /// <summary>Sum of two quantities; the left operand's format wins.</summary>
    public static Quantity operator +(Quantity a, Quantity b) => new(a.Value + b.Value, a.Format);

    /// <summary>Difference of two quantities; the left operand's format wins.</summary>
    public static Quantity operator -(Quantity a, Quantity b) => new(a.Value - b.Value, a.Format);

    /// <summary>Negation.</summary>
    public static Quantity operator -(Quantity a) => new(-a.Value, a.Format);

    public static bool operator ==(Quantity a, Quantity b) => a.Value == b.Value;
    public static bool operator !=(Quantity a, Quantity b) => a.Value != b.Value;
    public static bool operator <(Quantity a, Quantity b) => a.Value < b.Value;
    public static bool operator >(Quantity a, Quantity b) => a.Value > b.Value;
    public static bool operator <=(Quantity a, Quantity b) => a.Value <= b.Value;
    public static bool operator >=(Quantity a, Quantity b) => a.Value >= b.Value;

    /// <summary>Adds <paramref name="other"/>.</summary>
    public Quantity Add(Quantity other) => this + other;

    /// <summary>Subtracts <paramref name="other"/>.</summary>
    public Quantity Subtract(Quantity other) => this - other;

    /// <inheritdoc />
    public bool Equals(Quantity other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Quantity q && Equals(q);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Value.CompareTo(other.Value);

    /// <summary>The canonical Kubernetes form (<c>1.5</c> → <c>1500m</c>, <c>2048Mi</c> → <c>2Gi</c>).</summary>
    public override string ToString() => QuantityFormatter.Format(Value, Format);

    /// <summary>Parses a quantity string; throws <see cref="FormatException"/> when it is not one.</summary>
    public static Quantity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return QuantityParser.TryParse(text, out var q, out var error) ? q : throw new FormatException(error);
    }

    /// <summary>Parses a quantity string without throwing.</summary>
    public static bool TryParse(string? text, out Quantity quantity)
    {
        if (text is null)
        {
            quantity = default;
            return false;
        }
        return QuantityParser.TryParse(text, out quantity, out _);
    }

    /// <summary>Implicit conversion from a string such as <c>"4Gi"</c>.</summary>
    public static implicit operator Quantity(string text) => Parse(text);

    internal static string Invariant(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
