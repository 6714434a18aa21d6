using Microsoft.AspNetCore.Http.Metadata;
using Nereid.Domain.Errors;

namespace Nereid.Server.Api;

/// <summary>
/// The other half of the one body rule (<see cref="StrictJson"/>): an <c>/api/v1</c> operation that takes no request body
/// refuses one with a 400 ProblemDetails at <c>$</c>, before it does anything, so what a client sent is never silently
/// dropped (a <c>{"reason": …}</c> posted to an operation that records none would otherwise look accepted). The OpenAPI
/// document lists that 400 on those operations too.
/// </summary>
internal static class NoBodyOperations
{
    public const string Message = "This operation takes no request body; send none.";

    /// <summary>
    /// Refuses a body sent to an <c>/api/v1</c> endpoint that reads none; after authorization (a stranger still hears 401
    /// or 403 first) and before the endpoint runs. A middleware, not a group filter, so endpoints other features map
    /// outside the <c>/api/v1</c> group are held to the same rule.
    /// </summary>
    public static IApplicationBuilder UseUnexpectedBodyRefusal(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/api/v1") && HasBody(http.Request)
                // A RouteEndpoint only: routing's own 415 endpoint (a body of a type the operation does not accept) has
                // no metadata and must keep answering 415.
                && http.GetEndpoint() is RouteEndpoint endpoint && endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is null)
                throw ValidationFailedException.For("$", Message);
            return next(http);
        });

    /// <summary>Lists that 400 in the OpenAPI document on the group's operations that take no body.</summary>
    public static RouteGroupBuilder DeclareUnexpectedBodyProblem(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == StatusCodes.Status400BadRequest);
            if (!endpoint.Metadata.OfType<IAcceptsMetadata>().Any() && !declared)
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        });
        return api;
    }

    /// <summary>A body was sent: a length above zero, or chunked with no length.</summary>
    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
