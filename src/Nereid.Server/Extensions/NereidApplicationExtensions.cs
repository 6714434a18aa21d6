using Nereid.Data.Database;
using Nereid.Server.Auth;
using Nereid.Server.Identity;

namespace Nereid.Server.Extensions;

/// <summary>
/// The whole server as <c>Program.cs</c> runs it: every service, then the pipeline and endpoints. Hosts built outside
/// <c>Program.cs</c> (the benchmarks' in-process server, the replica tests) call these two, so they cannot drift from
/// what ships when a capability is added.
/// </summary>
internal static class NereidApplicationExtensions
{
    /// <summary>Registers data, authentication, the server's capabilities and the identity provider.</summary>
    public static IHostApplicationBuilder AddNereidApplication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddNereidData();
        builder.AddNereidAuth();
        builder.AddNereidServer();
        builder.AddNereidIdentity();
        return builder;
    }

    /// <summary>The middleware pipeline and every endpoint.</summary>
    public static WebApplication UseNereidApplication(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseNereid();
        app.MapNereidIdentity();
        return app;
    }
}
