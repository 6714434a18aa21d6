using System.Data.Common;
using System.Diagnostics;
using System.Net;
using Nereid.Kubernetes.Client;
using Npgsql;

namespace Nereid.Server.Outages;

/// <summary>
/// Tells an exception that means "a dependency is down" (answered 503 + Retry-After, naming it) from one that means a
/// bug (answered 500). Only connection-level failures count: a schema or programming error would fail the same way on
/// every retry.
/// </summary>
internal static class DependencyOutage
{
    /// <summary>The dependency named in answers when the database cannot be reached.</summary>
    public const string Database = "database";

    /// <summary>The dependency named in answers when a cluster's API server cannot be reached.</summary>
    public const string Cluster = "cluster";

    /// <summary><see cref="Database"/>, <see cref="Cluster"/>, or null when <paramref name="exception"/> is no outage.</summary>
    public static string? Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (IsDatabaseUnavailable(exception))
            return Database;
        return IsClusterUnavailable(exception) ? Cluster : null;
    }

    /// <summary>True when the database could not be reached (refused, timed out, shutting down, connection lost).</summary>
    public static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        // 57P01-03: administrator/crash shutdown, cannot connect now; 53300: too many connections; 3D000: database missing.
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "3D000",
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException } => true,
        // SQLite: the file is locked by another writer for longer than the busy timeout.
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } => true,
        InvalidOperationException { InnerException: DbException inner } => IsDatabaseUnavailable(inner),
        Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: { } inner } => IsDatabaseUnavailable(inner),
        _ => false,
    };

    /// <summary>True when a Kubernetes API server did not answer, or answered that it is unavailable.</summary>
    public static bool IsClusterUnavailable(Exception exception) => exception switch
    {
        KubeApiException api => api.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        // Transport failures carry no sign of whom they were for; the stack says whether our Kubernetes client made the call.
        HttpRequestException or TimeoutException => ThrownBy(exception, typeof(KubeApiException).Assembly),
        _ => false,
    };

    /// <summary>A short description of the root cause for logs and readiness lines.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var root = exception;
        while (root.InnerException is not null && root is not DbException)
            root = root.InnerException;
        return $"{root.GetType().Name}: {root.Message}";
    }

    private static bool ThrownBy(Exception exception, System.Reflection.Assembly assembly) =>
        new StackTrace(exception).GetFrames().Any(f => f.GetMethod()?.DeclaringType?.Assembly == assembly);
}
