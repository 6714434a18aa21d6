using System.Text.Json.Serialization;
using Nereid.Cli.Api;
using Nereid.Cli.Auth;

namespace Nereid.Cli;

/// <summary>Source-generated JSON metadata: no reflection on the hot <c>auth token</c> path, and trimming/AOT friendly.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(TokenCacheEntry))]
[JsonSerializable(typeof(LastLogin))]
[JsonSerializable(typeof(CliConfigFile))]
[JsonSerializable(typeof(ProblemDetailsDto))]
[JsonSerializable(typeof(NamespaceDto))]
[JsonSerializable(typeof(NamespaceListDto))]
[JsonSerializable(typeof(CreateNamespaceDto))]
[JsonSerializable(typeof(MemberListDto))]
[JsonSerializable(typeof(MemberRoleDto))]
[JsonSerializable(typeof(ClusterStatusListDto))]
[JsonSerializable(typeof(QuotaDto))]
[JsonSerializable(typeof(NamespaceDiffDto))]
[JsonSerializable(typeof(StorageCatalogDto))]
[JsonSerializable(typeof(List<BucketDto>))]
[JsonSerializable(typeof(BucketDto))]
[JsonSerializable(typeof(BucketInputDto))]
[JsonSerializable(typeof(PlacementDto))]
[JsonSerializable(typeof(PlacementInputDto))]
[JsonSerializable(typeof(FederationDto))]
[JsonSerializable(typeof(FederationInputDto))]
[JsonSerializable(typeof(S3CredentialsDto))]
[JsonSerializable(typeof(S3RotationDto))]
[JsonSerializable(typeof(LedgerGroupsDto))]
[JsonSerializable(typeof(SlurmNamespaceStatusDto))]
[JsonSerializable(typeof(SlurmClusterListDto))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
