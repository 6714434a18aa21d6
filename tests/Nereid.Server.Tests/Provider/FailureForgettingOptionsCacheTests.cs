using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nereid.Server.Provider.Keys;

namespace Nereid.Server.Tests.Provider;

/// <summary>Options whose build failed once (the database was down) are built again at the next use, not failed forever.</summary>
public sealed class FailureForgettingOptionsCacheTests
{
    private sealed class Built
    {
        public int Value { get; set; }
    }

    private static IOptionsMonitor<Built> Monitor(Func<int> source, bool forgetFailures)
    {
        var services = new ServiceCollection();
        services.AddOptions<Built>().Configure(o => o.Value = source());
        if (forgetFailures)
            services.AddSingleton<IOptionsMonitorCache<Built>, FailureForgettingOptionsCache<Built>>();
        return services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<Built>>();
    }

    private static Func<int> FailingOnce()
    {
        var calls = 0;
        return () => ++calls == 1 ? throw new InvalidOperationException("database down") : 42;
    }

    [Fact]
    public void Get_FirstBuildThrew_NextUseBuildsAgain()
    {
        var monitor = Monitor(FailingOnce(), forgetFailures: true);
        Should.Throw<InvalidOperationException>(() => monitor.CurrentValue);
        monitor.CurrentValue.Value.ShouldBe(42);
    }

    [Fact]
    public void Get_FrameworkCache_KeepsTheFirstFailure()
    {
        // Why the cache exists: the default one answers the first exception forever.
        var monitor = Monitor(FailingOnce(), forgetFailures: false);
        Should.Throw<InvalidOperationException>(() => monitor.CurrentValue);
        Should.Throw<InvalidOperationException>(() => monitor.CurrentValue);
    }

    [Fact]
    public void Get_Built_IsKeptAndNotBuiltAgain()
    {
        var calls = 0;
        var monitor = Monitor(() => ++calls, forgetFailures: true);
        monitor.CurrentValue.Value.ShouldBe(1);
        monitor.CurrentValue.Value.ShouldBe(1);
        calls.ShouldBe(1);
    }
}
