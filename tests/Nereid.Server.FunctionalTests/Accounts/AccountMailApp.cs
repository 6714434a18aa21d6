using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.TestSupport.Smtp;

namespace Nereid.Server.FunctionalTests.Accounts;

/// <summary>The server with mail going to a real SMTP sink and a fake clock, for mailed account links.</summary>
public sealed class AccountMailApp : NereidAppFactory
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(30);

    public AccountMailApp()
    {
        With("Nereid:Policies:Notices:SmtpHost", Smtp.Host);
        With("Nereid:Policies:Notices:SmtpPort", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        With("Nereid:Policies:Notices:PortalUrl", "https://portal.example.edu/");
        With("Nereid:Auth:AccountLinks:Lifetime", LinkLifetime.ToString());
    }

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
