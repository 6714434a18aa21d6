using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Nereid.Server.Policies;

/// <summary>
/// Checks the nested sections of <see cref="PolicyOptions"/> (per-policy rules, <c>Enforcement</c>, <c>Notices</c>):
/// <c>ValidateDataAnnotations</c> reads only the top level, so a bad <c>Notices:SmtpPort</c> would otherwise start.
/// </summary>
internal sealed class PolicyOptionsValidator : IValidateOptions<PolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sections = new (string Key, object Value)[]
        {
            (nameof(options.GpuIdle), options.GpuIdle), ("GpuIdle:Free", options.GpuIdle.Free), (nameof(options.Cpu), options.Cpu), (nameof(options.Memory), options.Memory),
            (nameof(options.Limits), options.Limits), (nameof(options.BarePods), options.BarePods), (nameof(options.Deployments), options.Deployments),
            (nameof(options.SleepJobs), options.SleepJobs), (nameof(options.PodBudget), options.PodBudget),
            (nameof(options.SessionIdle), options.SessionIdle),
            (nameof(options.Enforcement), options.Enforcement), (nameof(options.Notices), options.Notices),
        };
        var failures = new List<string>();
        foreach (var (key, value) in sections)
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
                failures.AddRange(results.Select(r => $"{PolicyOptions.Section}:{key}: {r.ErrorMessage}"));
        }
        // Freeing follows the annotation, which a Notify-only policy never puts on: the step would silently never run.
        if (options.GpuIdle.Free.Enabled && options.GpuIdle.Enforcement == EnforcementLevel.Notify)
            failures.Add($"{PolicyOptions.Section}:GpuIdle:Free:Enabled needs GpuIdle:Enforcement Annotate or Act: the GPUs are freed only after the annotation.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
