using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Nereid.Server.Slurm;

/// <summary>Checks every configured Slurm cluster: DataAnnotations, exactly one of Token/TokenFile, unique names and cluster names.</summary>
internal sealed class SlurmClusterOptionsValidator : IValidateOptions<List<SlurmClusterOptions>>
{
    public ValidateOptionsResult Validate(string? name, List<SlurmClusterOptions> options)
    {
        var errors = new List<string>();
        foreach (var (c, i) in options.Select((c, i) => (c, i)))
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(c, new ValidationContext(c), results, validateAllProperties: true);
            errors.AddRange(results.Select(r => $"{SlurmClusterOptions.Section}:{i}: {r.ErrorMessage}"));
            if (string.IsNullOrWhiteSpace(c.Token) == string.IsNullOrWhiteSpace(c.TokenFile))
                errors.Add($"{SlurmClusterOptions.Section}:{i}: set exactly one of Token and TokenFile.");
            if (c.RestUrl.Length > 0 && Uri.TryCreate(c.RestUrl, UriKind.Absolute, out var url) && url.Scheme is not ("http" or "https"))
                errors.Add($"{SlurmClusterOptions.Section}:{i}:RestUrl must be http or https.");
            errors.AddRange(c.Namespaces.Where(n => string.IsNullOrWhiteSpace(n)).Select(_ => $"{SlurmClusterOptions.Section}:{i}:Namespaces has an empty entry."));
        }
        errors.AddRange(options.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => $"{SlurmClusterOptions.Section}: name '{g.Key}' appears twice."));
        errors.AddRange(options.GroupBy(c => (c.RestUrl, c.ClusterName)).Where(g => g.Count() > 1)
            .Select(g => $"{SlurmClusterOptions.Section}: cluster '{g.Key.ClusterName}' at {g.Key.RestUrl} appears twice."));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
