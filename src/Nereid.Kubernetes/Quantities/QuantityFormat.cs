namespace Nereid.Kubernetes.Quantities;

/// <summary>How a <see cref="Quantity"/> is written back out, chosen from the suffix it was parsed with.</summary>
public enum QuantityFormat
{
    /// <summary>SI decimal suffixes: n, u, m, (none), k, M, G, T, P, E.</summary>
    DecimalSI,

    /// <summary>Binary suffixes: Ki, Mi, Gi, Ti, Pi, Ei.</summary>
    BinarySI,

    /// <summary>Scientific notation: <c>1e3</c>, <c>5E-3</c>.</summary>
    DecimalExponent,
}
