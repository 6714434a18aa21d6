using System.Text.Json;
using Nereid.Domain.Policies;

namespace Nereid.Server.Policies;

/// <summary>A violation as the API and pages show it; <c>Words</c> is what the notices say (<see cref="ViolationWords"/>).</summary>
internal sealed record ViolationView(
    Guid Id, string Policy, string Cluster, string Namespace, string WorkloadKind, string WorkloadName, string? PodName,
    Guid? OwnerId, string Owner, string Summary, JsonElement Evidence, DateTime FirstSeenAt, DateTime LastSeenAt, DateTime? ResolvedAt,
    string State, int NoticesSent, DateTime? LastNoticeAt, string Enforcement, DateTime? EnforcedAt, ViolationWording? Words)
{
    public static ViolationView From(Violation v, ViolationWording? words = null)
    {
        ArgumentNullException.ThrowIfNull(v);
        using var doc = JsonDocument.Parse(v.Evidence);
        return new ViolationView(v.Id, v.Policy.ToWire(), v.Cluster, v.Namespace, v.WorkloadKind, v.WorkloadName, v.PodName, v.OwnerId, v.OwnerName,
            v.Summary, doc.RootElement.Clone(), v.FirstSeenAt, v.LastSeenAt, v.ResolvedAt, v.ResolvedAt is null ? "open" : "resolved",
            v.NoticesSent, v.LastNoticeAt, v.Enforcement.ToString(), v.EnforcedAt, words);
    }
}

/// <summary>A notice as shown with a violation.</summary>
internal sealed record NoticeView(string Channel, string Recipients, DateTime SentAt, bool Delivered, string? Error);

/// <summary>A violation with its notices.</summary>
internal sealed record ViolationDetail(ViolationView Violation, IReadOnlyList<NoticeView> Notices);

/// <summary>A policy exception as the API shows it.</summary>
internal sealed record PolicyExceptionView(Guid Id, string Namespace, string? Pod, string Policy, string Reason, DateTime ExpiresAt,
    DateTime CreatedAt, string GrantedBy, bool Active)
{
    public static PolicyExceptionView From(PolicyException e, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.Namespace, e.PodName, e.Policy.ToWire(), e.Reason, e.ExpiresAt, e.CreatedAt, e.GrantedByName, e.ExpiresAt > now);
    }
}

/// <summary>Body of POST /api/v1/policy-exceptions.</summary>
internal sealed record PolicyExceptionInput(string? Namespace, string? Pod, string? Policy, string? Reason, DateTime? ExpiresAt);
