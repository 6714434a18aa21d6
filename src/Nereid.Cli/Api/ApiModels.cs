namespace Nereid.Cli.Api;

/// <summary>RFC 7807 problem details as the server returns them.</summary>
internal sealed record ProblemDetailsDto(string? Type, string? Title, int? Status, string? Detail);

/// <summary>A collaboration namespace as <c>GET /api/v1/namespaces/{name}</c> returns it.</summary>
internal sealed record NamespaceDto(
    string Name,
    string? Institution,
    List<string>? Pis,
    List<string>? Grants,
    List<string>? Software,
    string? Description,
    List<string>? Publications,
    string? State,
    DateTimeOffset? CreatedAt,
    string? CreatedBy,
    int? MemberCount,
    List<string>? Admins);

internal sealed record NamespaceListDto(List<NamespaceDto> Items, string? Continue);

internal sealed record CreateNamespaceDto(string Name, string Institution, List<string> Pis, List<string> Grants, List<string> Software, string Description, List<string> Publications);

internal sealed record MemberDto(string? PersonId, string? DisplayName, string? Email, string? Role);

internal sealed record MemberListDto(List<MemberDto> Items);

internal sealed record MemberRoleDto(string Role);

/// <summary><c>~/.config/nereid/config.json</c>: defaults for the server and the login used for API calls.</summary>
internal sealed record ClusterStatusDto(string Cluster, string Condition, string? Reason, string? Message, DateTime? LastSyncedAt);

internal sealed record ClusterStatusListDto(List<ClusterStatusDto> Items);

internal sealed record ObjectDiffDto(string Kind, string? Namespace, string Name, string Action, List<string>? Fields, string? Note);

internal sealed record ClusterDiffDto(string Cluster, List<ObjectDiffDto> Objects, string? Error);

internal sealed record NamespaceDiffDto(string Namespace, List<ClusterDiffDto> Clusters);

internal sealed record QuotaDto(string Namespace, Dictionary<string, string> Defaults, Dictionary<string, string> Overrides, Dictionary<string, string> Effective);

internal sealed record CliConfigFile(string? Server, string? Issuer, string? ClientId);

internal sealed record StorageClassDto(string Cluster, string Name, string Provisioner, string ReclaimPolicy, string VolumeBindingMode, bool AllowVolumeExpansion, bool IsDefault,
    StorageClassDescriptionDto? Description = null);

internal sealed record StorageClassDescriptionDto(string? Region, string? FilesystemType, List<string>? AccessModes, string? Media, string? Notes);

internal sealed record BucketDto(string Cluster, string Namespace, string Name, string BucketClass, string Phase, string? BucketName, string? Endpoint, string? AccessKeyId,
    bool SecretKeyShown);

/// <summary>The body of <c>POST /api/v1/namespaces/{ns}/buckets</c> (the server's BucketInput).</summary>
internal sealed record BucketInputDto(string? Cluster, string Name, string BucketClass);

internal sealed record StorageCatalogDto(List<StorageClassDto> Classes, List<string> Unsynced);

internal sealed record ClusterPlacementDto(string Cluster, string? Region, bool Placed, DateTime? RemovalDue, string Condition, string? Reason, string? Message,
    int ObservedVersion, bool Behind, string? BehindReason, Dictionary<string, string>? Quota);

internal sealed record PlacementDto(string Namespace, int Version, bool IsDefault, List<ClusterPlacementDto> Clusters);

internal sealed record ClusterFederationDto(string Cluster, bool Placed, string Condition, string Reason, string Message, DateTimeOffset? ObservedAt);

internal sealed record FederationDto(string Namespace, int Version, bool Federated, List<ClusterFederationDto> Clusters);

internal sealed record FederationInputDto(bool? Federated);

internal sealed record PlacementInputDto(List<string>? Clusters, Dictionary<string, Dictionary<string, string>>? Quotas);

internal sealed record S3RotationDto(string User, string Message);

internal sealed record S3CredentialsDto(string Namespace, string Cluster, string User, string Phase, string? AccessKey, string? SecretKey, bool SecretKeyShown, string? Endpoint);

internal sealed record LedgerGroupDto(Dictionary<string, string> Keys, double CpuHours, double GpuHours, double MemoryGibHours);

internal sealed record LedgerGroupsDto(List<string> GroupBy, List<LedgerGroupDto> Items);

internal sealed record SlurmNamespaceClusterDto(string Cluster, string ClusterName, string State, string Message, DateTime? CheckedAt, DateTime? InSyncAt, bool Stale);

internal sealed record SlurmNamespaceStatusDto(List<SlurmNamespaceClusterDto> Items);

internal sealed record SlurmAssociationCountsDto(int InSync, int Pending, int Failed);

internal sealed record SlurmConditionDto(string Type, string Status, string Reason, string Message);

internal sealed record SlurmClusterStatusDto(bool Reachable, string LastError, string SlurmVersion, DateTime? LastPassAt, DateTime? LastProjectionAt,
    int Accounts, SlurmAssociationCountsDto Associations, List<SlurmConditionDto> Conditions);

internal sealed record SlurmClusterDto(string Name, string ClusterName, string RestUrl, List<string> Namespaces, SlurmClusterStatusDto? Status);

internal sealed record SlurmClusterListDto(List<SlurmClusterDto> Items);
