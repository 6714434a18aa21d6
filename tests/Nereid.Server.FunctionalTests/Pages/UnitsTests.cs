using Nereid.Server.Pages.Shared;

namespace Nereid.Server.FunctionalTests.Pages;

public sealed class UnitsTests
{
    [Theory]
    [InlineData("nvidia.com/gpu", "GPUs (NVIDIA)")]
    [InlineData("nvidia.com/mig-1g.10gb", "MIG 1g.10gb slices (NVIDIA)")]
    [InlineData("xilinx.com/fpga-xilinx_u250_gen3x16_xdma_shell_3_1", "FPGAs (Xilinx U250)")]
    [InlineData("amd.com/gpu", "GPUs (AMD)")]
    [InlineData("requests.memory", "Memory requested")]
    [InlineData("requests.nvidia.com/gpu", "GPUs requested (NVIDIA)")]
    [InlineData("limits.cpu", "CPU limit")]
    [InlineData("persistentvolumeclaims", "Volume claims")]
    [InlineData("example.org/widget", "example.org/widget")]
    public void ResourceName_KnownAndUnknownNames_ReadAsWords(string resource, string expected) =>
        Units.ResourceName(resource).ShouldBe(expected);

    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(1023, "1,023 bytes")]
    [InlineData(512L << 20, "512 MiB")]
    [InlineData(16L << 30, "16 GiB")]
    [InlineData(3L << 39, "1.5 TiB")]
    public void Bytes_Amounts_UseTheLargestBinaryUnit(long bytes, string expected) => Units.Bytes(bytes).ShouldBe(expected);

    [Theory]
    [InlineData(1, "1 core")]
    [InlineData(0.5, "0.5 cores")]
    [InlineData(1024, "1,024 cores")]
    public void Cores_Counts_AreSingularOrPluralWithSeparators(double cores, string expected) => Units.Cores(cores).ShouldBe(expected);

    [Theory]
    [InlineData(45, "45 seconds")]
    [InlineData(180, "3 minutes")]
    [InlineData(7500, "2 hours 5 minutes")]
    [InlineData(273_600, "3 days 4 hours")]
    [InlineData(86_460, "1 day")]
    public void Duration_Spans_ShowTheTwoLargestParts(int seconds, string expected) => Units.Duration(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);

    [Theory]
    [InlineData("requests.memory", "512Gi", "512 GiB")]
    [InlineData("limits.cpu", "500m", "0.5 cores")]
    [InlineData("requests.nvidia.com/gpu", "8", "8")]
    [InlineData("pods", "1500", "1,500")]
    [InlineData("requests.memory", "lots", "lots")]
    public void Quantity_QuotaValues_ReadInTheirResourceUnit(string resource, string raw, string expected) =>
        Units.Quantity(resource, raw).ShouldBe(expected);
}
