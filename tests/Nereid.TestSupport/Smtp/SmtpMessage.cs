namespace Nereid.TestSupport.Smtp;

/// <summary>One mail received by <see cref="SmtpSink"/>: the envelope and the raw, dot-unstuffed DATA.</summary>
/// <param name="From">The MAIL FROM address, without angle brackets.</param>
/// <param name="To">The RCPT TO addresses, without angle brackets, in order.</param>
/// <param name="Data">The message (headers and body) exactly as sent, lines joined with CRLF.</param>
public sealed record SmtpMessage(string From, IReadOnlyList<string> To, string Data)
{
    /// <summary>The unfolded value of the first <c>Subject:</c> header, or null. Encoded words are left as sent.</summary>
    public string? Subject => Header("Subject");

    /// <summary>The body: everything after the first empty line.</summary>
    public string Body
    {
        get
        {
            var split = Data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return split < 0 ? "" : Data[(split + 4)..];
        }
    }

    /// <summary>The unfolded value of the first header called <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string? value = null;
        foreach (var line in Data.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                break;
            }

            if (value is not null)
            {
                // Folded continuation lines start with whitespace (RFC 5322 §2.2.3).
                if (line[0] is ' ' or '\t')
                {
                    value += " " + line.Trim();
                    continue;
                }

                return value;
            }

            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                value = line[(name.Length + 1)..].Trim();
            }
        }

        return value;
    }
}
