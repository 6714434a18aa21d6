namespace Nereid.KubeDouble.Rbac;

/// <summary>
/// The authorizer's answer. <see cref="Reason"/> is what a SubjectAccessReview reports in <c>status.reason</c>:
/// on allow, e.g. <c>RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "jane"</c>; on deny it is
/// empty unless a matching binding referenced a missing role (<c>RBAC: clusterrole.rbac.authorization.k8s.io "x" not found</c>),
/// in which case the apiserver appends it to the Forbidden message after a colon.
/// </summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason);
