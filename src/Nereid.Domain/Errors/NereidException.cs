namespace Nereid.Domain.Errors;

/// <summary>Base of the few exception types domain code throws; the API maps each to one ProblemDetails status.</summary>
public abstract class NereidException(string message) : Exception(message);

/// <summary>Input broke a rule; <see cref="Errors"/> names each field and the rule it broke. Maps to 400.</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : NereidException("One or more fields are invalid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationFailedException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The thing asked for does not exist (or the caller may not know it exists). Maps to 404.</summary>
public sealed class NotFoundException(string message) : NereidException(message);

/// <summary>The caller is known but may not do this. Maps to 403.</summary>
public sealed class ForbiddenException(string message) : NereidException(message);

/// <summary>The request clashes with current state (duplicate name, last admin, pending request). Maps to 409.</summary>
public sealed class ConflictException(string message) : NereidException(message);

/// <summary>An If-Match precondition named a version that is no longer current. Maps to 412.</summary>
public sealed class PreconditionFailedException(string message) : NereidException(message);
