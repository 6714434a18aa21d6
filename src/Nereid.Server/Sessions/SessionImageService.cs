using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Sessions;
using Nereid.Server.Audit;
using Nereid.Server.Auth;

namespace Nereid.Server.Sessions;

/// <summary>One catalogue entry as the API and pages show it.</summary>
internal sealed record SessionImageView(string Name, string Image, string Description, bool NeedsGpu, DateTime UpdatedAt)
{
    internal static SessionImageView Of(SessionImage i) => new(i.Name, i.Image, i.Description, i.NeedsGpu, i.UpdatedAt);
}

/// <summary>What a platform admin sends to add or change an image stack.</summary>
internal sealed record SessionImageInput(string? Name, string? Image, string? Description, bool NeedsGpu);

/// <summary>The image catalogue: read by everyone signed in, changed by platform admins (audited in the same unit of work).</summary>
internal sealed class SessionImageService(NereidDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>Every image, by name.</summary>
    public async Task<IReadOnlyList<SessionImageView>> ListAsync(CancellationToken ct) =>
        [.. (await db.SessionImages.AsNoTracking().OrderBy(i => i.Name).ToListAsync(ct)).Select(SessionImageView.Of)];

    /// <summary>Adds an image; 409 when the name is taken.</summary>
    public async Task<SessionImageView> CreateAsync(Actor actor, SessionImageInput input, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        ArgumentNullException.ThrowIfNull(input);
        var image = SessionImage.Create(input.Name, input.Image, input.Description, input.NeedsGpu, time.GetUtcNow().UtcDateTime);
        if (await db.SessionImages.AnyAsync(i => i.Name == image.Name, ct))
            throw new ConflictException($"The catalogue already has an image named '{image.Name}'.");
        db.SessionImages.Add(image);
        audit.Record(actor, "session.image.create", "session-image", image.Name, null, null, SessionImageView.Of(image));
        await SaveAsync(image.Name, ct);
        return SessionImageView.Of(image);
    }

    /// <summary>Replaces image, description and GPU need of <paramref name="name"/>.</summary>
    public async Task<SessionImageView> UpdateAsync(Actor actor, string name, SessionImageInput input, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        ArgumentNullException.ThrowIfNull(input);
        var image = await FindAsync(name, ct);
        if (input.Name is { Length: > 0 } renamed && renamed.Trim() != image.Name)
            throw ValidationFailedException.For("name", "The name is the image's key and cannot change; add a new image instead.");
        var before = SessionImageView.Of(image);
        image.Update(input.Image, input.Description, input.NeedsGpu, time.GetUtcNow().UtcDateTime);
        audit.Record(actor, "session.image.update", "session-image", image.Name, null, before, SessionImageView.Of(image));
        await SaveAsync(image.Name, ct);
        return SessionImageView.Of(image);
    }

    /// <summary>Removes <paramref name="name"/> from the catalogue (running sessions keep their image).</summary>
    public async Task DeleteAsync(Actor actor, string name, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var image = await FindAsync(name, ct);
        db.SessionImages.Remove(image);
        audit.Record(actor, "session.image.delete", "session-image", image.Name, null, SessionImageView.Of(image), null);
        await SaveAsync(image.Name, ct);
    }

    private async Task SaveAsync(string name, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two admins adding the same name at once: the unique index keeps one.
            throw new ConflictException($"The image '{name}' was changed by someone else at the same time; reload and try again.");
        }
    }

    private async Task<SessionImage> FindAsync(string name, CancellationToken ct) =>
        await db.SessionImages.FirstOrDefaultAsync(i => i.Name == name, ct)
            ?? throw new NotFoundException($"The catalogue has no image named '{name}'.");

    private static void RequirePlatformAdmin(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may change the session image catalogue.");
    }
}
