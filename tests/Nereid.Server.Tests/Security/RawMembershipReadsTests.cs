using System.Text.RegularExpressions;

namespace Nereid.Server.Tests.Security;

/// <summary>
/// Guard (issue 16): code that decides anything from memberships must read <c>EffectiveMemberships</c>
/// (Namespaces/NamespaceAdmins: not a guest, not suspended). A read of the raw <c>Memberships</c> DbSet outside
/// src/Nereid.Server/Namespaces/ and the allow-list below fails this test, so deciding from dormant rows cannot come back.
/// </summary>
public sealed partial class RawMembershipReadsTests
{
    /// <summary>
    /// Files outside Namespaces/ that may touch the raw DbSet, each with why. Keep it short: a new entry needs a reason
    /// why effective memberships would be wrong there.
    /// </summary>
    private static readonly Dictionary<string, string> AllowList = new(StringComparer.Ordinal)
    {
        // The declaration of the DbSet itself.
        ["src/Nereid.Data/NereidDbContext.cs"] = "declares the DbSet",
    };

    [Fact]
    public void SourceFiles_ReadRawMemberships_OnlyInNamespacesFolderOrAllowList()
    {
        var root = RepoRoot();
        var offenders = new List<string>();
        var scanned = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
                continue;
            scanned++;
            if (relative.StartsWith("src/Nereid.Server/Namespaces/", StringComparison.Ordinal) || AllowList.ContainsKey(relative))
                continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (RawRead().IsMatch(lines[i]))
                    offenders.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
            }
        }
        scanned.ShouldBeGreaterThan(100, "the scan found the source tree");
        offenders.ShouldBeEmpty("read memberships through EffectiveMemberships (Namespaces/NamespaceAdmins), or add the file to the allow-list with a reason");
    }

    [Theory]
    [InlineData("var m = await db.Memberships.Where(x => x.PersonId == id).ToListAsync(ct);")]
    [InlineData("var rows = _db.Memberships.AsNoTracking();")]
    [InlineData("context.Memberships.Any(m => m.Role == MembershipRole.Admin)")]
    [InlineData("db.Set<Membership>().Count()")]
    [InlineData("scope.ServiceProvider.GetRequiredService<NereidDbContext>().Memberships.ToList()")]
    public void RawRead_KnownForms_Detected(string line) => RawRead().IsMatch(line).ShouldBeTrue();

    [Theory]
    [InlineData("await db.EffectiveMemberships().Where(m => m.PersonId == id).ToListAsync(ct);")]
    [InlineData("ns.Memberships.Add(membership);")]
    [InlineData("db.Namespaces.Where(n => n.Memberships.Any(m => m.PersonId == personId))")]
    public void RawRead_EffectiveOrNavigation_NotDetected(string line) => RawRead().IsMatch(line).ShouldBeFalse();

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "Nereid.Server")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("No src/Nereid.Server above " + AppContext.BaseDirectory);
    }

    /// <summary>The DbSet through a context variable (db, _db, context, dbContext, …) or a resolved context, or <c>Set&lt;Membership&gt;()</c>.</summary>
    [GeneratedRegex(@"(\b_?(db|Db|context|Context|dbContext|DbContext)\b|NereidDbContext>\(\))\s*\.\s*Memberships\b|Set<Membership>\s*\(")]
    private static partial Regex RawRead();
}
