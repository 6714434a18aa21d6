namespace Nereid.Kubernetes.Models;

/// <summary>An authorization.k8s.io/v1 SelfSubjectAccessReview: "may the caller do this?". Create-only.</summary>
internal sealed class SelfSubjectAccessReview() : KubeObject("authorization.k8s.io/v1", "SelfSubjectAccessReview")
{
    public SubjectAccessReviewSpec? Spec { get; set; }
    public SubjectAccessReviewStatus? Status { get; set; }
}

/// <summary>An authorization.k8s.io/v1 SubjectAccessReview: "may this user/group do this?". Create-only.</summary>
internal sealed class SubjectAccessReview() : KubeObject("authorization.k8s.io/v1", "SubjectAccessReview")
{
    public SubjectAccessReviewSpec? Spec { get; set; }
    public SubjectAccessReviewStatus? Status { get; set; }
}

/// <summary>What to check; <see cref="User"/>/<see cref="Groups"/> only for SubjectAccessReview.</summary>
internal sealed class SubjectAccessReviewSpec
{
    public ResourceAttributes? ResourceAttributes { get; set; }
    public NonResourceAttributes? NonResourceAttributes { get; set; }
    public string? User { get; set; }
    public List<string>? Groups { get; set; }
    public string? Uid { get; set; }
    public Dictionary<string, List<string>>? Extra { get; set; }
}

/// <summary>A resource request to authorize.</summary>
public sealed class ResourceAttributes
{
    public string? Namespace { get; set; }
    public string? Verb { get; set; }
    public string? Group { get; set; }
    public string? Version { get; set; }
    public string? Resource { get; set; }
    public string? Subresource { get; set; }
    public string? Name { get; set; }
}

/// <summary>A non-resource URL request to authorize.</summary>
internal sealed class NonResourceAttributes
{
    public string? Path { get; set; }
    public string? Verb { get; set; }
}

/// <summary>The answer.</summary>
internal sealed class SubjectAccessReviewStatus
{
    public bool Allowed { get; set; }
    public bool? Denied { get; set; }
    public string? Reason { get; set; }
    public string? EvaluationError { get; set; }
}
