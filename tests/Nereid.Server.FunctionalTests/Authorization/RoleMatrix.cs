namespace Nereid.Server.FunctionalTests.Authorization;

/// <summary>The cells of an endpoint × role matrix, for <c>[MemberData]</c>.</summary>
public static class RoleMatrix
{
    /// <summary>One (endpoint, role) row for every endpoint name and every <see cref="Role"/>.</summary>
    public static TheoryData<string, Role> Cells(IEnumerable<string> endpoints)
    {
        var data = new TheoryData<string, Role>();
        foreach (var endpoint in endpoints)
        {
            foreach (var role in Enum.GetValues<Role>())
                data.Add(endpoint, role);
        }
        return data;
    }
}
