using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Nereid.Server.Api;

/// <summary>
/// Declares the ProblemDetails answers an endpoint can give, so <c>/api/v1/openapi.json</c> lists them. Domain errors
/// are thrown, not returned, so the handlers' typed results cannot say this themselves.
/// </summary>
internal static class ProblemResponses
{
    private static readonly string[] ProblemJson = ["application/problem+json"];

    /// <summary>Adds one problem response per status: 400 as a validation problem (field errors), the others as plain problems.</summary>
    public static TBuilder Problems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var status in statuses)
        {
            var type = status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, type, ProblemJson));
        }
        return builder;
    }

    /// <summary>401 without credentials, 403 when the caller may not do this: every endpoint behind RequireAuthorization.</summary>
    public static TBuilder SignedInProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
