using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;

namespace Nereid.Server.Demo;

/// <summary>
/// Fills an empty database with plausible research namespaces, people and memberships (deterministic, seed 42), so the
/// portal can be shown with a realistic overview and benchmarks run at scale.
/// </summary>
internal sealed partial class DemoSeeder(IServiceScopeFactory scopes, TimeProvider time, ILogger<DemoSeeder> logger)
{
    private static readonly string[] Institutions =
    [
        "UC San Diego", "UC Berkeley", "UC Santa Cruz", "UC Irvine", "Caltech", "Stanford University", "University of Nebraska-Lincoln",
        "University of Hawaii", "Montana State University", "University of Wisconsin-Madison", "Clemson University", "University of Utah",
        "San Diego State University", "Cal Poly Humboldt", "University of Guam", "Florida International University",
    ];
    /// <summary>Short names and domains of <see cref="Institutions"/>, so the demo's search finds "UCSD" as "UC San Diego".</summary>
    private static readonly Dictionary<string, (string[] ShortNames, string Domain)> InstitutionFacts = new(StringComparer.Ordinal)
    {
        ["UC San Diego"] = (["UCSD", "University of California San Diego"], "ucsd.edu"),
        ["UC Berkeley"] = (["UCB", "University of California Berkeley"], "berkeley.edu"),
        ["UC Santa Cruz"] = (["UCSC"], "ucsc.edu"),
        ["UC Irvine"] = (["UCI"], "uci.edu"),
        ["Caltech"] = (["California Institute of Technology"], "caltech.edu"),
        ["Stanford University"] = (["Stanford"], "stanford.edu"),
        ["University of Nebraska-Lincoln"] = (["UNL"], "unl.edu"),
        ["University of Hawaii"] = (["UH Manoa"], "hawaii.edu"),
        ["Montana State University"] = (["MSU"], "montana.edu"),
        ["University of Wisconsin-Madison"] = (["UW-Madison"], "wisc.edu"),
        ["Clemson University"] = (["Clemson"], "clemson.edu"),
        ["University of Utah"] = (["UofU"], "utah.edu"),
        ["San Diego State University"] = (["SDSU"], "sdsu.edu"),
        ["Cal Poly Humboldt"] = (["Humboldt"], "humboldt.edu"),
        ["University of Guam"] = (["UOG"], "uog.edu"),
        ["Florida International University"] = (["FIU"], "fiu.edu"),
    };
    private static readonly string[] Fields =
    [
        "genomics", "climate", "astro", "neuro", "protein", "vision", "nlp", "seismic", "ocean", "wildfire", "cosmology", "robotics",
        "materials", "hep", "bioimage", "quantum", "agri", "hydro", "social", "radio",
    ];
    private static readonly string[] Software = ["PyTorch", "TensorFlow", "JAX", "GROMACS", "AlphaFold", "ROOT", "OpenFOAM", "R", "Julia", "Jupyter", "Ray", "Spark"];
    private static readonly string[] Surnames = ["Nguyen", "Garcia", "Smith", "Chen", "Patel", "Kim", "Johnson", "Lopez", "Wang", "Okafor", "Rossi", "Müller", "Singh", "Tanaka", "Silva"];
    private static readonly string[] GivenNames = ["Ana", "Wei", "Maria", "John", "Priya", "Min-jun", "Fatima", "Lucas", "Aiko", "Chidi", "Elena", "Omar", "Sara", "Diego", "Lena"];

    public async Task SeedAsync(int namespaces, int people, int membershipsPerNamespace, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        if (await db.Namespaces.AnyAsync(ct))
            return;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var random = new Random(42);
        var now = time.GetUtcNow().UtcDateTime;
        var institutions = await SeedInstitutionsAsync(db, now, ct);
        var persons = new List<Person>(people);
        for (var i = 0; i < people; i++)
        {
            var name = $"{GivenNames[random.Next(GivenNames.Length)]} {Surnames[random.Next(Surnames.Length)]}";
            var person = new Person { DisplayName = name, Tier = i % 10 == 0 ? Tier.Admin : Tier.User, Institution = Institutions[random.Next(Institutions.Length)], CreatedAt = now.AddDays(-random.Next(2000)) };
            person.SetEmail($"person{i}@example.edu");
            person.SetInstitution(institutions[person.Institution], person.Institution);
            persons.Add(person);
        }
        await SaveInBatchesAsync(db, persons, ct);

        var used = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<object>();
        for (var i = 0; i < namespaces; i++)
        {
            var field = Fields[random.Next(Fields.Length)];
            var name = $"{field}-{i:D4}";
            var pi = persons[random.Next(persons.Count)];
            var ns = new NereidNamespace { Name = name, CreatedById = pi.Id, CreatedAt = now.AddDays(-random.Next(1500)), Version = 0 };
            ns.ApplyMetadata(new NamespaceMetadata(pi.Institution, [pi.DisplayName], [$"NSF-{random.Next(1000000, 2999999)}"],
                [Software[random.Next(Software.Length)], Software[random.Next(Software.Length)]],
                $"The **{field}** group at {pi.Institution} runs GPU workloads for {field} research.", []));
            ns.LinkInstitution(pi.InstitutionId);
            ns.Touch(ns.CreatedAt);
            batch.Add(ns);
            used.Clear();
            used.Add(pi.Id.ToString());
            batch.Add(new Membership { NamespaceId = ns.Id, PersonId = pi.Id, Role = MembershipRole.Admin, AddedAt = ns.CreatedAt });
            for (var m = 1; m < membershipsPerNamespace; m++)
            {
                var member = persons[random.Next(persons.Count)];
                if (used.Add(member.Id.ToString()))
                    batch.Add(new Membership { NamespaceId = ns.Id, PersonId = member.Id, Role = m == 1 ? MembershipRole.Admin : MembershipRole.Member, AddedAt = ns.CreatedAt });
            }
            if (batch.Count >= 5000)
            {
                await SaveInBatchesAsync(db, batch, ct);
                batch.Clear();
            }
        }
        await SaveInBatchesAsync(db, batch, ct);
        LogSeeded(logger, namespaces, people);
    }

    /// <summary>The demo's institutions (those already listed are kept), their ids by name.</summary>
    private static async Task<Dictionary<string, Guid>> SeedInstitutionsAsync(NereidDbContext db, DateTime now, CancellationToken ct)
    {
        var existing = await db.Institutions.AsNoTracking().ToListAsync(ct);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var name in Institutions)
        {
            if (existing.FirstOrDefault(i => i.IsNamed(name)) is { } found)
            {
                ids[name] = found.Id;
                continue;
            }
            var (shortNames, domain) = InstitutionFacts[name];
            var row = Domain.Institutions.Institution.Create(name, shortNames, domain, null, now);
            db.Institutions.Add(row);
            ids[name] = row.Id;
        }
        await db.SaveChangesAsync(ct);
        return ids;
    }

    private static async Task SaveInBatchesAsync<T>(NereidDbContext db, IReadOnlyList<T> items, CancellationToken ct) where T : class
    {
        for (var i = 0; i < items.Count; i += 5000)
        {
            foreach (var item in items.Skip(i).Take(5000))
                db.Add((object)item);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Namespaces} sample namespaces and {People} people")]
    private static partial void LogSeeded(ILogger logger, int namespaces, int people);
}
