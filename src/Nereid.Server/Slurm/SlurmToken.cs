namespace Nereid.Server.Slurm;

/// <summary>Nereid's JWT for a Slurm cluster: the configured token, or the token file's content read at each use so rotation needs no restart.</summary>
internal static class SlurmToken
{
    public static async Task<string> ReadAsync(SlurmClusterOptions cluster, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(cluster.Token))
            return cluster.Token.Trim();
        var text = await File.ReadAllTextAsync(cluster.TokenFile!, ct);
        // `scontrol token` prints SLURM_JWT=<token>; accept that file as written, or the bare token.
        text = text.Trim();
        const string prefix = "SLURM_JWT=";
        return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..].Trim() : text;
    }
}
