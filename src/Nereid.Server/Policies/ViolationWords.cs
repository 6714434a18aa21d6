using System.Globalization;
using System.Text.Json;
using Nereid.Domain.Policies;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Policies;

/// <summary>A violation in words for the person who must act: what is wrong, the evidence, the fix, the next step and when.</summary>
/// <param name="Problem">What is wrong and where, one sentence.</param>
/// <param name="Evidence">What the scan measured, in human units ("6 hours", "1.5 % of 2 GPUs").</param>
/// <param name="Fix">How to put it right, one line per policy.</param>
/// <param name="NextStep">What Nereid does next and when, or what it already did.</param>
/// <param name="Deadline">When that next step is due; null when no automatic step follows.</param>
internal sealed record ViolationWording(string Problem, string Evidence, string Fix, string NextStep, DateTime? Deadline);

/// <summary>
/// The one place a violation is put into words for people: email digests, webhook posts, step announcements, the
/// violations pages and the API's <c>words</c> all read it, so they say the same thing. Evidence is read from the stored
/// JSON, so rows written before this wording existed read the same way; the next step follows the enforcer's own rules.
/// </summary>
internal static class ViolationWords
{
    public static ViolationWording For(Violation v, PolicyOptions options, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(options);
        using var doc = Parse(v.Evidence);
        var e = doc.RootElement;
        var (what, evidence, fix) = Describe(v, e, options);
        var pod = v.PodName is { } p && p != v.WorkloadName ? $" (pod {p})" : "";
        var problem = $"{v.WorkloadKind} {v.Namespace}/{v.WorkloadName}{pod} on cluster {v.Cluster}: {what} ({v.Policy.ToWire()} policy).";
        var (next, deadline) = Next(v, options, now);
        return new ViolationWording(problem, evidence, fix, next, deadline);
    }

    /// <summary>The wording as plain-text lines, as email and webhook bodies carry it.</summary>
    public static string Text(ViolationWording w, Uri? link)
    {
        ArgumentNullException.ThrowIfNull(w);
        var text = $"{w.Problem}\nWhat was measured: {w.Evidence}\nHow to fix it: {w.Fix}\nNext step: {w.NextStep}";
        return link is null ? text : text + $"\nDetails: {link}";
    }

    /// <summary>A moment as every notice writes it: <c>2026-12-05 14:00 UTC</c>.</summary>
    public static string When(DateTime at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static (string What, string Evidence, string Fix) Describe(Violation v, JsonElement e, PolicyOptions o)
    {
        var window = Window(e);
        switch (v.Policy)
        {
            case PolicyKind.GpuIdle:
            {
                var gpus = Num(e, "gpus") ?? 1;
                return ("GPUs requested but mostly idle",
                    $"GPU utilisation averaged {Pct(Num(e, "value"))} of {Plural(gpus, "GPU")} over {window}; at least {Pct(Num(e, "threshold") ?? o.GpuIdle.MinUtilizationPercent)} is expected.",
                    "Use the GPUs or give them back: delete the pod, or request GPUs only while a job is running on them.");
            }
            case PolicyKind.CpuUsage:
                return ("CPU request does not match use",
                    $"CPU use averaged {Units.Cores(Num(e, "value") ?? 0)}, {Pct(Num(e, "percent"))} of its request of {Units.Cores(Num(e, "request") ?? 0)} over {window}; "
                    + $"{Pct(Num(e, "min") ?? o.Cpu.MinPercent)}–{Pct(Num(e, "max") ?? o.Cpu.MaxPercent)} is allowed.",
                    "Set the CPU request close to what the pod really uses (resources.requests.cpu), then recreate the pod.");
            case PolicyKind.MemoryUsage:
                return ("memory request does not match use",
                    $"Memory use averaged {Units.Bytes(Num(e, "value") ?? 0)}, {Pct(Num(e, "percent"))} of its request of {Units.Bytes(Num(e, "request") ?? 0)} over {window}; "
                    + $"{Pct(Num(e, "min") ?? o.Memory.MinPercent)}–{Pct(Num(e, "max") ?? o.Memory.MaxPercent)} is allowed.",
                    "Set the memory request close to what the pod really uses (resources.requests.memory), then recreate the pod.");
            case PolicyKind.LimitsAboveRequests:
            {
                var resource = Str(e, "resource") ?? "cpu";
                var request = Num(e, "request") ?? 0;
                var limit = Num(e, "limit") ?? 0;
                var max = Num(e, "threshold") ?? o.Limits.MaxPercentAboveRequest;
                string Amount(double x) => resource == "cpu" ? Units.Cores(x) : resource == "memory" ? Units.Bytes(x) : Units.Number(x);
                var ratio = request > 0 ? $"{Units.Number(Math.Round(limit / request, 1))} × its request of {Amount(request)}" : $"above its request of {Amount(request)}";
                return ("limits far above requests",
                    $"Container {Str(e, "container") ?? "?"}: {Units.ResourceName(resource)} limit {Amount(limit)} is {ratio}; a limit may be at most {Pct(max)} above its request.",
                    $"Lower the {Units.ResourceName(resource)} limit to at most {Pct(max)} above the request, or raise the request to what the container needs.");
            }
            case PolicyKind.BarePod:
            {
                var age = Created(e) is { } created ? v.LastSeenAt - created : (TimeSpan?)null;
                var max = Num(e, "maxAgeHours") is { } h ? TimeSpan.FromHours(h) : o.BarePods.MaxAge;
                return ("a pod without a controller has run too long",
                    $"Bare pod running for {(age is { } a ? Units.Duration(a) : "longer than allowed")}; bare pods may run {Units.Duration(max)}.",
                    "Run the work as a Job (batch) or a Deployment (service) instead of a bare pod, and delete this pod.");
            }
            case PolicyKind.OldDeployment:
            {
                var age = Created(e) is { } created ? v.LastSeenAt - created : (TimeSpan?)null;
                var max = Num(e, "maxAgeDays") is { } d ? TimeSpan.FromDays(d) : o.Deployments.MaxAge;
                return ("a Deployment has run longer than allowed",
                    $"Deployment running for {(age is { } a ? Units.Duration(a) : "longer than allowed")}; Deployments may run {Units.Duration(max)}.",
                    "Delete the Deployment when its work is done; if it is a lasting service, ask a namespace admin to request an exception.");
            }
            case PolicyKind.SleepJob:
                return ("a Job that only sleeps",
                    "Every container of the Job only runs sleep.",
                    "Jobs must do work: delete the Job, and use an interactive session or a short-lived pod to hold resources while debugging.");
            case PolicyKind.PodBudget:
            {
                var count = Num(e, "nonCompliantPods") ?? 0;
                var max = Num(e, "max") ?? o.PodBudget.MaxNonCompliantPods;
                return ("too many non-compliant pods for one person",
                    $"{v.OwnerName} has {Plural(count, "non-compliant pod")}; at most {Units.Number(max)} are allowed.",
                    "Fix or delete the other non-compliant pods first; this pod is flagged because it is beyond the budget.");
            }
            case PolicyKind.SessionIdle:
            {
                var idle = Num(e, "idleHours") is { } h ? Units.Duration(TimeSpan.FromHours(h)) : "a long time";
                return ("an idle session is holding GPUs",
                    $"No activity for {idle}; its {Plural(Num(e, "gpus") ?? 1, "GPU")} averaged {Pct(Num(e, "value"))} over {window} (below {Pct(Num(e, "threshold") ?? o.SessionIdle.MaxUtilizationPercent)}).",
                    "Save your work and stop the session from the Sessions page when you are not using it.");
            }
            default:
                return ("a usage policy is broken", v.Summary, "Ask a platform admin.");
        }
    }

    private static (string Next, DateTime? Deadline) Next(Violation v, PolicyOptions o, DateTime now)
    {
        if (v.ResolvedAt is { } resolved)
            return ($"None: resolved {When(resolved)}.", null);
        var dryRun = o.Enforcement.DryRun;
        var dryNote = dryRun ? " Enforcement is in dry run for now: Nereid only records these steps and changes nothing." : "";
        var interval = o.Notices.Interval;
        if (v.Policy == PolicyKind.SessionIdle)
        {
            var s = o.SessionIdle;
            if (s.Enforcement != EnforcementLevel.Act)
                return ($"No automatic step: it stays listed and is noticed again every {Units.Duration(interval)} until fixed.", null);
            if (v.Enforcement is EnforcementState.Deleted)
                return ($"Stopped through JupyterHub {When(v.EnforcedAt ?? now)}.", null);
            var stopAt = Max(v.FirstSeenAt + s.GracePeriod, NoticeDue(v, s.StopAfterNotices, interval, now));
            return ($"Nereid stops the session {Due(stopAt, now)}.{dryNote}", stopAt);
        }
        var level = PolicyEnforcer.LevelOf(v.Policy, o);
        if (level == EnforcementLevel.Notify)
            return ($"No automatic step: it stays listed and is noticed again every {Units.Duration(interval)} until fixed.", null);
        switch (v.Enforcement)
        {
            case EnforcementState.ScaledDown:
                return ($"Scaled to zero replicas {When(v.EnforcedAt ?? now)}; it is resolved once it stays at zero. Scale it up again only after fixing it.", null);
            case EnforcementState.Deleted:
                return ($"Deleted {When(v.EnforcedAt ?? now)}.", null);
        }
        var act = PolicyEnforcer.ActionOn(v.WorkloadKind) switch { "scale-down" => "scales it to zero replicas", "delete" => "deletes it", _ => null };
        var annotated = PolicyEnforcer.IsAnnotated(v.Enforcement, dryRun);
        var annotateAt = annotated ? v.EnforcedAt ?? now : NoticeDue(v, o.Enforcement.AnnotateAfterNotices, interval, now);
        var annotateText = annotated
            ? $"Annotated {PolicyEnforcer.ViolationAnnotation}={v.Policy.ToWire()} {When(annotateAt)}"
            : $"Nereid annotates it {PolicyEnforcer.ViolationAnnotation}={v.Policy.ToWire()} {Due(annotateAt, now)}";
        if (PolicyEnforcer.ActStepOf(v.Policy, o) is not { } step || act is null)
            return ($"{annotateText}; no further automatic step.{dryNote}", annotated ? null : annotateAt);
        var actAt = Max(annotateAt + step.GracePeriod, NoticeDue(v, step.AfterNotices, interval, now));
        if (step.FreesGpus)
            return ($"{annotateText}; then Nereid frees its GPUs: it {act} {Due(actAt, now)} ({Units.Duration(step.GracePeriod)} after the annotation).{dryNote}", actAt);
        return ($"{annotateText}; then Nereid {act} {Due(actAt, now)} (after {Plural(step.AfterNotices, "notice")} and "
            + $"{Units.Duration(step.GracePeriod)} after the annotation).{dryNote}", actAt);
    }

    /// <summary>When the notice count reaches <paramref name="needed"/>: notices go out once per interval from the last one.</summary>
    private static DateTime NoticeDue(Violation v, int needed, TimeSpan interval, DateTime now)
    {
        var missing = needed - v.NoticesSent;
        if (missing <= 0)
            return v.LastNoticeAt ?? now;
        // The next notice goes out at the next scan once the interval since the last one has passed.
        var next = v.LastNoticeAt is { } last ? Max(last + interval, now) : now;
        return next + interval * (missing - 1);
    }

    private static string Due(DateTime at, DateTime now) => at <= now ? "at the next scan" : "on or after " + When(at);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string Pct(double? value) => value is { } x ? Units.Number(Math.Round(x, 1)) + " %" : "an unknown share";

    private static string Plural(double count, string singular) => Units.Number(count) + " " + (count == 1 ? singular : singular + "s");

    /// <summary>The averaging window: seconds (<c>windowSeconds</c>), or the PromQL range older rows stored (<c>"21600s"</c>).</summary>
    private static string Window(JsonElement e)
    {
        if (Num(e, "windowSeconds") is { } seconds)
            return Units.Duration(TimeSpan.FromSeconds(seconds));
        if (Str(e, "window") is { Length: > 1 } range && range.EndsWith('s')
            && double.TryParse(range[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            return Units.Duration(TimeSpan.FromSeconds(s));
        return Str(e, "window") ?? "the window";
    }

    private static DateTime? Created(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("createdAt", out var c) && c.ValueKind == JsonValueKind.String && c.TryGetDateTimeOffset(out var at)
            ? at.UtcDateTime : null;

    private static double? Num(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        }
        catch (JsonException)
        {
            return JsonDocument.Parse("{}");
        }
    }
}
