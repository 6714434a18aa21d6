namespace Nereid.KubeDouble.Schema;

/// <summary>
/// One schema violation, shaped like a Kubernetes <c>field.Error</c> so it maps onto a
/// <c>Status.details.causes[]</c> entry: <see cref="Path"/> is the cause's <c>field</c>
/// (<c>spec.foo[0].bar</c>, map keys as <c>metadata.labels[app]</c>), <see cref="Reason"/> its
/// <c>reason</c> (<c>FieldValueInvalid</c>, <c>FieldValueRequired</c>, <c>UnknownField</c>,
/// <c>FieldValueNotSupported</c>) and <see cref="Message"/> its <c>message</c>, which, like the
/// apiserver's cause messages, does not repeat the path (except the strict decoder's
/// <c>unknown field "spec.foo"</c> text, which names it itself).
/// </summary>
public sealed record SchemaError(string Path, string Reason, string Message)
{
    /// <summary>Reason of a value with the wrong type or format.</summary>
    public const string FieldValueInvalid = "FieldValueInvalid";

    /// <summary>Reason of a missing required property.</summary>
    public const string FieldValueRequired = "FieldValueRequired";

    /// <summary>Reason of a property the schema does not declare.</summary>
    public const string UnknownField = "UnknownField";

    /// <summary>Reason of a value outside an enumeration.</summary>
    public const string FieldValueNotSupported = "FieldValueNotSupported";

    /// <summary>
    /// The error as the apiserver prints it inside an <c>Invalid</c> Status message
    /// (<c>spec.replicas: Invalid value: ...</c>), or the bare unknown-field text.
    /// </summary>
    public string FullMessage => Reason == UnknownField || Path.Length == 0 ? Message : $"{Path}: {Message}";
}
