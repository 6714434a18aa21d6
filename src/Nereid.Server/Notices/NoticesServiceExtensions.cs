using Nereid.Server.Notices;

namespace Nereid.Server.Extensions;

/// <summary>Registers the portal notice inbox.</summary>
internal static class NoticesServiceExtensions
{
    public static IHostApplicationBuilder AddNereidNotices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<PortalNotices>();
        builder.Services.AddScoped<HomeCounts>();
        return builder;
    }
}
