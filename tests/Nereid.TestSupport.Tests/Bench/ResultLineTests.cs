using System.Diagnostics;
using Nereid.Bench.Reporting;

namespace Nereid.TestSupport.Tests.Bench;

public class ResultLineTests
{
    [Fact]
    public void Format_MixedValues_InvariantNumbersAtMostTwoDecimals()
    {
        var line = ResultLine.Format("api-list", ("ns", 5000), ("rps", 123.456), ("p99_ms", 0.5), ("big", 1234567.891), ("mode", "base line"), ("whole", 2.0));

        line.ShouldBe("RESULT api-list ns=5000 rps=123.46 p99_ms=0.5 big=1234567.89 mode=base_line whole=2");
    }

    [Fact]
    public void Format_NoValues_IsJustScenario()
    {
        ResultLine.Format("reconcile").ShouldBe("RESULT reconcile");
    }

    [Fact]
    public void RssMegabytes_SelfAndChild_ArePositive()
    {
        using var child = Process.Start("/bin/sleep", "5");
        try
        {
            ProcessMemory.RssMegabytes().ShouldBeGreaterThan(10);
            ProcessMemory.RssMegabytes(child.Id).ShouldBeGreaterThan(0);
        }
        finally
        {
            child.Kill();
        }
    }
}
