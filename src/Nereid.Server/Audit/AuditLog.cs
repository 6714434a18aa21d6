using System.Text.Json;
using Nereid.Data;
using Nereid.Domain.Audit;
using Nereid.Server.Auth;

namespace Nereid.Server.Audit;

/// <summary>
/// Adds audit events to the same unit of work as the change they describe, so an event exists exactly when the
/// change was saved.
/// </summary>
internal sealed class AuditLog(NereidDbContext db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Record(Actor? actor, string action, string targetType, string targetId, string? namespaceName,
        object? before = null, object? after = null)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            At = time.GetUtcNow().UtcDateTime,
            ActorId = actor?.PersonId,
            ActorName = actor?.DisplayName ?? "system",
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            NamespaceName = namespaceName,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });
    }
}
