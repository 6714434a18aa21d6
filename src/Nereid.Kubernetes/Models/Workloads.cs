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
