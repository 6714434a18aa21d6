using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Models;

/// <summary>An apps/v1 Deployment: only what Nereid needs to scale it to zero, delete it and age it.</summary>
public sealed class Deployment() : KubeObject("apps/v1", "Deployment")
{
    public DeploymentSpec? Spec { get; set; }
    public DeploymentStatus? Status { get; set; }
}

/// <summary>Deployment spec: replicas, selector and pod template.</summary>
public sealed class DeploymentSpec
{
    public int? Replicas { get; set; }
    public LabelSelector? Selector { get; set; }
    public PodTemplateSpec? Template { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Deployment status: replica counts.</summary>
public sealed class DeploymentStatus
{
    public int? Replicas { get; set; }
    public int? ReadyReplicas { get; set; }
    public int? AvailableReplicas { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A batch/v1 Job: its pod template shows whether containers only <c>sleep</c>.</summary>
public sealed class Job() : KubeObject("batch/v1", "Job")
{
    public JobSpec? Spec { get; set; }
    public JobStatus? Status { get; set; }
}

/// <summary>Job spec.</summary>
public sealed class JobSpec
{
    public PodTemplateSpec? Template { get; set; }
    public int? Parallelism { get; set; }
    public int? Completions { get; set; }
    public int? BackoffLimit { get; set; }
    public long? ActiveDeadlineSeconds { get; set; }
    public bool? Suspend { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Job status.</summary>
public sealed class JobStatus
{
    public int? Active { get; set; }
    public int? Succeeded { get; set; }
    public int? Failed { get; set; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? CompletionTime { get; set; }
    public List<Condition>? Conditions { get; set; }
}

/// <summary>An apps/v1 StatefulSet: only what Nereid needs to find its pods' creator and scale it to zero.</summary>
public sealed class StatefulSet() : KubeObject("apps/v1", "StatefulSet")
{
    public StatefulSetSpec? Spec { get; set; }
    public DeploymentStatus? Status { get; set; }
}

/// <summary>StatefulSet spec: replicas, selector, governing Service and pod template.</summary>
public sealed class StatefulSetSpec
{
    public int? Replicas { get; set; }
    public LabelSelector? Selector { get; set; }
    public string? ServiceName { get; set; }
    public PodTemplateSpec? Template { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A batch/v1 CronJob: read only to find who created the Jobs it starts.</summary>
public sealed class CronJob() : KubeObject("batch/v1", "CronJob")
{
    public CronJobSpec? Spec { get; set; }
}

/// <summary>CronJob spec: the schedule and the template of its Jobs.</summary>
public sealed class CronJobSpec
{
    public string? Schedule { get; set; }
    public JobTemplateSpec? JobTemplate { get; set; }
    public bool? Suspend { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The Job a CronJob starts: its metadata and spec.</summary>
public sealed class JobTemplateSpec
{
    public ObjectMeta? Metadata { get; set; }
    public JobSpec? Spec { get; set; }
}
