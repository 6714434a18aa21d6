using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;

namespace Nereid.Server.Api;

/// <summary>Turns domain exceptions into HTTP answers (RFC 7807 ProblemDetails) as <see cref="DomainProblems"/> says.</summary>
internal sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // A dependency that is down is not a bug: 503 naming it, on the API and on pages alike.
        if (Outages.DependencyOutage.Classify(exception) is { } dependency)
        {
            await Outages.OutageResponse.WriteAsync(http, dependency);
            return true;
        }
        var problem = exception switch
        {
            NereidException domain => DomainProblems.For(domain),
            BadHttpRequestException bad => new DomainProblem(bad.StatusCode, "Bad request", DomainProblems.ForStatus(bad.StatusCode)?.Type ?? DomainProblems.Validation.Type),
            _ => null,
        };
        if (problem is null)
            return false;
        if (exception is BadHttpRequestException badBody && StrictJson.ProblemFor(badBody, (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint())?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType) is { } bodyProblem)
        {
            http.Response.StatusCode = bodyProblem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = bodyProblem, Exception = exception });
        }
        var (status, title, type) = problem;
        http.Response.StatusCode = status;
        ProblemDetails details = exception is ValidationFailedException v
            ? new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value)) { Title = title, Type = type, Detail = exception.Message, Status = status }
            : new ProblemDetails { Title = title, Type = type, Detail = exception is BadHttpRequestException ? "The request body could not be read: " + exception.Message : exception.Message, Status = status };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details, Exception = exception });
    }
}
