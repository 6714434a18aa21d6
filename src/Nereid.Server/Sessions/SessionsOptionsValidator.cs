using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Server.Sessions;

/// <summary>Checks each configured size (DataAnnotations read only the top level): a name, parseable positive quantities, no name twice.</summary>
internal sealed class SessionsOptionsValidator : IValidateOptions<SessionsOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Sizes.Count; i++)
        {
            var size = options.Sizes[i];
            var key = $"{SessionsOptions.Section}:Sizes:{i}";
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(size, new ValidationContext(size), results, validateAllProperties: true))
                failures.AddRange(results.Select(r => $"{key}: {r.ErrorMessage}"));
            foreach (var (field, text) in new[] { ("Cpu", size.Cpu), ("Memory", size.Memory), ("Shm", size.Shm) })
            {
                if (!string.IsNullOrEmpty(text) && (!Quantity.TryParse(text, out var q) || q <= Quantity.Zero))
                    failures.Add($"{key}:{field}: '{text}' is not a positive Kubernetes quantity.");
            }
            if (!seen.Add(size.Name))
                failures.Add($"{key}:Name: '{size.Name}' appears twice.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
