namespace Nereid.Server.Posix;

/// <summary>A person's POSIX identity as the API, profile and export show it.</summary>
internal sealed record PosixAccountView(Guid PersonId, string UserName, int Uid, int Gid, string Home, string Shell, string Source,
    DateTime AssignedAt, string DisplayName, string Email, string Institution);
