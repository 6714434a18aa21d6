namespace Nereid.Server.Api;

/// <summary>
/// The one way to map under <c>/api/v1</c>: every feature that maps operations there, in the pipeline or on its own
/// (the provider, identity), gets its group from here, so the group's conventions (<see cref="NoBodyOperations"/>'s
/// declared 400) hold for all of them.
/// </summary>
internal static class ApiGroup
{
    public const string Prefix = "/api/v1";

    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(Prefix).DeclareUnexpectedBodyProblem();
}
