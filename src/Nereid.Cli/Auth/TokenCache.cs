using System.Text;
using System.Text.Json;

namespace Nereid.Cli.Auth;

/// <summary>
/// Token files in <c>$NEREID_CACHE_DIR</c> or <c>${XDG_CACHE_HOME:-~/.cache}/nereid</c>, under
/// <c>tokens/&lt;sha256(issuer|client-id)&gt;.json</c>, mode 0600 in a 0700 directory. Writes are
/// write-to-temp + rename so a concurrent reader never sees half a file.
/// </summary>
internal sealed class TokenCache(CliEnvironment env)
{
    public string BaseDirectory =>
        env.GetVariable("NEREID_CACHE_DIR") is { Length: > 0 } dir ? dir
        : Path.Combine(env.GetVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(env.HomeDirectory, ".cache"), "nereid");

    public string TokensDirectory => Path.Combine(BaseDirectory, "tokens");

    public static string Normalize(string issuer) => issuer.TrimEnd('/');

    public string PathFor(string issuer, string clientId)
    {
        var hash = Sha256.Hash(Encoding.UTF8.GetBytes(Normalize(issuer) + "|" + clientId));
        return Path.Combine(TokensDirectory, Convert.ToHexStringLower(hash) + ".json");
    }

    public TokenCacheEntry? Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonSerializer.Deserialize(stream, CliJsonContext.Default.TokenCacheEntry);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            // A corrupt cache is the same as no cache: the user logs in again.
            return null;
        }
    }

    public void Write(string path, TokenCacheEntry entry)
    {
        EnsureDirectory();
        var temp = path + "." + Environment.ProcessId + ".tmp";
        using (var stream = new FileStream(temp, PrivateFiles.Options(FileMode.Create, FileAccess.Write, FileShare.None)))
        {
            JsonSerializer.Serialize(stream, entry, CliJsonContext.Default.TokenCacheEntry);
        }
        PrivateFiles.Restrict(temp);
        File.Move(temp, path, overwrite: true);
    }

    public void WriteLastLogin(LastLogin login)
    {
        EnsureDirectory();
        var path = Path.Combine(BaseDirectory, "last-login.json");
        File.WriteAllText(path, JsonSerializer.Serialize(login, CliJsonContext.Default.LastLogin));
    }

    public LastLogin? ReadLastLogin()
    {
        var path = Path.Combine(BaseDirectory, "last-login.json");
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), CliJsonContext.Default.LastLogin) : null;
    }

    public void EnsureDirectory()
    {
        PrivateFiles.CreateDirectory(BaseDirectory);
        PrivateFiles.CreateDirectory(TokensDirectory);
    }
}
