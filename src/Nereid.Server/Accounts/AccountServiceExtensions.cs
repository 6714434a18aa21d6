using Nereid.Server.Accounts;

namespace Nereid.Server.Extensions;

/// <summary>Registers the account self-service: password change and reset, profile edits, mailed single-use links.</summary>
internal static class AccountServiceExtensions
{
    public static IHostApplicationBuilder AddNereidAccount(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AccountLinkOptions>().BindConfiguration(AccountLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<AccountLinks>();
        builder.Services.AddScoped<AccountMailer>();
        builder.Services.AddScoped<PasswordService>();
        builder.Services.AddSingleton<ResetMailQueue>();
        builder.Services.AddHostedService<ResetMailSender>();
        builder.Services.AddScoped<ProfileEditService>();
        builder.Services.AddScoped<TierRequestWithdrawal>();
        return builder;
    }
}
