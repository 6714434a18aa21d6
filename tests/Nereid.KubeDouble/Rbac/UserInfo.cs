namespace Nereid.KubeDouble.Rbac;

/// <summary>An authenticated caller: user name and groups, as an authenticator hands them to the authorizer.</summary>
/// <param name="Name">User name, e.g. <c>jane</c> or <c>system:serviceaccount:team-a:builder</c>.</param>
/// <param name="Groups">Groups; <c>system:authenticated</c> (and the service-account groups) are added by the authorizer when missing.</param>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups);
