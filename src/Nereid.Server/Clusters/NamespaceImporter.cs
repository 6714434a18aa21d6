using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Audit;
using Nereid.Server.Auth;

namespace Nereid.Server.Clusters;

/// <summary>One namespace found in a cluster and what adopting it would do.</summary>
internal sealed record ImportPlanItem(string Name, string Institution, IReadOnlyList<string> Pis, IReadOnlyList<string> Admins,
    IReadOnlyList<string> Members, IReadOnlyList<string> UnknownUsers, bool Imported);

/// <summary>The plan (dry run) or the outcome of adopting a cluster's unknown namespaces.</summary>
internal sealed record ImportResult(string Cluster, bool DryRun, IReadOnlyList<ImportPlanItem> Items);

/// <summary>
/// Adopts namespaces that exist in a cluster but not in Nereid: metadata from Nereid's annotations when present, members
/// from RoleBindings to the <c>admin</c> and <c>edit</c> ClusterRoles whose users match known people by email.
/// </summary>
internal sealed class NamespaceImporter(IClusterConnections clusters, NereidDbContext db, AuditLog audit, TimeProvider time,
    IOptions<List<ClusterOptions>> clusterOptions)
{
    private static readonly string[] Skipped = ["default", "kube-", "nereid-"];

    /// <summary>Builds the plan; unless <paramref name="dryRun"/>, also creates the namespaces (audited).</summary>
    public async Task<ImportResult> ImportAsync(Actor actor, string clusterName, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var cluster = clusters.Find(clusterName) ?? throw new NotFoundException($"No cluster is named '{clusterName}'.");
        var prefix = clusterOptions.Value.FirstOrDefault(c => c.Name == clusterName)?.UsernamePrefix ?? "oidc:";
        var known = (await db.Set<NereidNamespace>().Select(n => n.Name).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var all = await cluster.Client.ListAllAsync<Namespace>(null, null, cancellationToken);
        var candidates = all.Items.Select(n => n.Metadata.Name!)
            .Where(n => !known.Contains(n) && NamespaceName.Check(n) is null && !Skipped.Any(s => n == s || (s.EndsWith('-') && n.StartsWith(s, StringComparison.Ordinal))))
            .Order(StringComparer.Ordinal).ToList();
        var items = new List<ImportPlanItem>();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var ns in all.Items.Where(n => candidates.Contains(n.Metadata.Name!)))
        {
            var name = ns.Metadata.Name!;
            var bindings = await cluster.Client.ListAllAsync<RoleBinding>(name, null, cancellationToken);
            var admins = Users(bindings.Items, "admin", prefix);
            var members = Users(bindings.Items, "edit", prefix).Except(admins).ToList();
            var emails = admins.Concat(members).Select(e => e.ToLowerInvariant()).ToList();
            var people = await db.Set<Person>().Where(p => emails.Contains(p.NormalizedEmail)).ToDictionaryAsync(p => p.NormalizedEmail, cancellationToken);
            var annotations = ns.Metadata.Annotations ?? [];
            var institution = annotations.GetValueOrDefault("nereid.io/institution") ?? ns.Metadata.Labels?.GetValueOrDefault(ProjectionNames.InstitutionLabel) ?? "Unknown";
            var pis = List(annotations.GetValueOrDefault(ProjectionNames.PisAnnotation));
            var item = new ImportPlanItem(name, institution, pis, admins, members, [.. emails.Where(e => !people.ContainsKey(e))], !dryRun);
            items.Add(item);
            if (dryRun)
            {
                continue;
            }
            var row = new NereidNamespace
            {
                Name = name, Institution = Cut(institution, NamespaceMetadata.MaxInstitutionLength), Pis = pis.Count > 0 ? [.. pis] : ["Unknown"],
                Grants = [.. List(annotations.GetValueOrDefault(ProjectionNames.GrantsAnnotation))],
                Description = Cut(annotations.GetValueOrDefault(ProjectionNames.DescriptionAnnotation) ?? "", NamespaceMetadata.MaxDescriptionLength),
                CreatedById = actor.PersonId, CreatedAt = now, Version = 0,
            };
            foreach (var (email, role) in admins.Select(a => (a, MembershipRole.Admin)).Concat(members.Select(m => (m, MembershipRole.Member))))
            {
                if (people.TryGetValue(email.ToLowerInvariant(), out var p))
                {
                    row.Memberships.Add(new Membership { PersonId = p.Id, Role = role, AddedAt = now, AddedById = actor.PersonId });
                }
            }
            if (!row.Memberships.Any(m => m.Role == MembershipRole.Admin))
            {
                // A namespace always keeps an admin; the importing platform admin stands in until real admins are added.
                row.Memberships.RemoveAll(m => m.PersonId == actor.PersonId);
                row.Memberships.Add(new Membership { PersonId = actor.PersonId, Role = MembershipRole.Admin, AddedAt = now, AddedById = actor.PersonId });
            }
            row.Touch(now);
            db.Add(row);
            audit.Record(actor, "namespace.import", "namespace", name, name, after: new { cluster = clusterName, item.Institution, item.Admins, item.Members });
        }
        if (!dryRun && items.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return new ImportResult(clusterName, dryRun, items);
    }

    private static List<string> Users(IEnumerable<RoleBinding> bindings, string clusterRole, string prefix) =>
        [.. bindings.Where(b => b.RoleRef is { Kind: "ClusterRole" } r && r.Name == clusterRole)
            .SelectMany(b => b.Subjects ?? []).Where(s => s.Kind == "User" && s.Name is not null)
            .Select(s => s.Name!.StartsWith(prefix, StringComparison.Ordinal) ? s.Name[prefix.Length..] : s.Name!)
            .Where(e => e.Contains('@', StringComparison.Ordinal)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    private static List<string> List(string? annotation)
    {
        if (string.IsNullOrWhiteSpace(annotation))
        {
            return [];
        }
        try
        {
            return [.. (JsonSerializer.Deserialize<string[]>(annotation) ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Take(NamespaceMetadata.MaxListItems)];
        }
        catch (JsonException)
        {
            // Hand-written annotations are often comma-separated rather than JSON.
            return [.. annotation.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(NamespaceMetadata.MaxListItems)];
        }
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
