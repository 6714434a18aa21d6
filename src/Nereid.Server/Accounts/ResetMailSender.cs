namespace Nereid.Server.Accounts;

/// <summary>
/// Works through <see cref="ResetMailQueue"/> in the background: for each request, in a scope of its own, looks the account
/// up and mails its link (<see cref="PasswordService.RequestResetAsync"/>). A failing request is logged and the next one runs.
/// </summary>
internal sealed partial class ResetMailSender(ResetMailQueue queue, IServiceScopeFactory scopes, ILogger<ResetMailSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var login in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PasswordService>().RequestResetAsync(login, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password-reset request failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
