using Nereid.Domain.Errors;

namespace Nereid.Server.Api;

/// <summary>What one kind of domain error becomes over HTTP: status code, ProblemDetails title and type.</summary>
internal sealed record DomainProblem(int Status, string Title, string Type);

/// <summary>
/// The one table from domain exceptions to HTTP problems. The API's exception handler (<see cref="ProblemMapping"/>),
/// the portal pages and the OpenAPI metadata all read it, so a status or title changes in one place.
/// </summary>
internal static class DomainProblems
{
    public static readonly DomainProblem Validation = new(StatusCodes.Status400BadRequest, "Invalid input", "https://tools.ietf.org/html/rfc9110#section-15.5.1");
    public static readonly DomainProblem Forbidden = new(StatusCodes.Status403Forbidden, "Forbidden", "https://tools.ietf.org/html/rfc9110#section-15.5.4");
    public static readonly DomainProblem NotFound = new(StatusCodes.Status404NotFound, "Not found", "https://tools.ietf.org/html/rfc9110#section-15.5.5");
    public static readonly DomainProblem Conflict = new(StatusCodes.Status409Conflict, "Conflict", "https://tools.ietf.org/html/rfc9110#section-15.5.10");
    public static readonly DomainProblem PreconditionFailed = new(StatusCodes.Status412PreconditionFailed, "Precondition failed", "https://tools.ietf.org/html/rfc9110#section-15.5.13");

    /// <summary>The problem for a domain error; an unknown subtype counts as bad input.</summary>
    public static DomainProblem For(NereidException error) => error switch
    {
        ValidationFailedException => Validation,
        ForbiddenException => Forbidden,
        NotFoundException => NotFound,
        ConflictException => Conflict,
        PreconditionFailedException => PreconditionFailed,
        _ => Validation,
    };

    /// <summary>The problem registered for <paramref name="status"/>, or null when no domain error maps to it.</summary>
    public static DomainProblem? ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => Validation,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status412PreconditionFailed => PreconditionFailed,
        _ => null,
    };
}
