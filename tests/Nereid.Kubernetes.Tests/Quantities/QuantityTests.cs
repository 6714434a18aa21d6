using System.Text.Json;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Kubernetes.Tests.Quantities;

public class QuantityTests
{
    [Theory]
    [InlineData("500m", "0.5")]
    [InlineData("2", "2")]
    [InlineData("1.5", "1.5")]
    [InlineData("4Gi", "4294967296")]
    [InlineData("256Mi", "268435456")]
    [InlineData("1Ki", "1024")]
    [InlineData("1Ei", "1152921504606846976")]
    [InlineData("1e3", "1000")]
    [InlineData("1E3", "1000")]
    [InlineData("5e-3", "0.005")]
    [InlineData("100k", "100000")]
    [InlineData("1M", "1000000")]
    [InlineData("1G", "1000000000")]
    [InlineData("2T", "2000000000000")]
    [InlineData("1P", "1000000000000000")]
    [InlineData("1E", "1000000000000000000")]
    [InlineData("250u", "0.00025")]
    [InlineData("7n", "0.000000007")]
    [InlineData("-3", "-3")]
    [InlineData("+3", "3")]
    [InlineData(".5", "0.5")]
    [InlineData("0", "0")]
    [InlineData("0.1Gi", "107374182.4")]
    public void Parse_ValidQuantity_HasExactValue(string text, string expected)
    {
        Quantity.Parse(text).ToDecimal().ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("Gi")]
    [InlineData("1Gb")]
    [InlineData("1ki")]
    [InlineData("1 Gi")]
    [InlineData("1e")]
    [InlineData("1e99")]
    [InlineData(".")]
    [InlineData("--1")]
    [InlineData("1.2.3")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Quantity.TryParse(text, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => Quantity.Parse(text));
    }

    [Theory]
    [InlineData("1.5", "1500m")]
    [InlineData("1000m", "1")]
    [InlineData("2000", "2k")]
    [InlineData("0.5", "500m")]
    [InlineData("2048Mi", "2Gi")]
    [InlineData("1536Mi", "1536Mi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("512Ki", "512Ki")]
    [InlineData("0.5Ki", "512")]
    [InlineData("1e3", "1e3")]
    [InlineData("1500e-3", "1500e-3")]
    [InlineData("0", "0")]
    [InlineData("0Gi", "0")]
    [InlineData("-500m", "-500m")]
    [InlineData("1G", "1G")]
    [InlineData("0.0000000001", "1n")]
    public void ToString_Quantity_IsCanonical(string text, string expected)
    {
        Quantity.Parse(text).ToString().ShouldBe(expected);
    }

    [Fact]
    public void Equality_DifferentNotations_CompareByValue()
    {
        Quantity.Parse("1Gi").ShouldBe(Quantity.Parse("1073741824"));
        Quantity.Parse("1000m").ShouldBe(Quantity.Parse("1"));
        (Quantity.Parse("1Gi") == Quantity.Parse("1G")).ShouldBeFalse();
        (Quantity.Parse("1Gi") > Quantity.Parse("1G")).ShouldBeTrue();
        (Quantity.Parse("100m") < Quantity.Parse("0.2")).ShouldBeTrue();
        Quantity.Parse("1k").CompareTo(Quantity.Parse("1Ki")).ShouldBeLessThan(0);
        Quantity.Parse("2").GetHashCode().ShouldBe(Quantity.Parse("2000m").GetHashCode());
    }

    [Fact]
    public void Arithmetic_AddAndSubtract_AreExact()
    {
        var sum = Quantity.Parse("100m") + Quantity.Parse("200m");
        sum.ToDecimal().ShouldBe(0.3m);
        sum.ToString().ShouldBe("300m");
        (Quantity.Parse("1Gi") - Quantity.Parse("512Mi")).ToString().ShouldBe("512Mi");
        Quantity.Parse("1").Subtract(Quantity.Parse("1500m")).ToString().ShouldBe("-500m");
        Quantity.Zero.Add(Quantity.Parse("3")).ToInt64().ShouldBe(3);
    }

    [Fact]
    public void Conversions_MillisAndBytes_RoundUp()
    {
        Quantity.Parse("1.5").ToMillis().ShouldBe(1500);
        Quantity.Parse("250u").ToMillis().ShouldBe(1);
        Quantity.Parse("256Mi").ToInt64().ShouldBe(268_435_456);
        Quantity.Parse("1500m").ToInt64().ShouldBe(2);
        Quantity.FromMillis(250).ToString().ShouldBe("250m");
        Quantity.FromBytes(4L * 1024 * 1024 * 1024).ToString().ShouldBe("4Gi");
    }

    [Fact]
    public void Json_StringOrNumber_ReadsAndWritesString()
    {
        var map = JsonSerializer.Deserialize<Dictionary<string, Quantity>>(
            """{"cpu":"500m","nvidia.com/gpu":1,"memory":"4Gi","x":1.5e3}""", KubeJson.Options)!;
        map["cpu"].ToMillis().ShouldBe(500);
        map["nvidia.com/gpu"].ToInt64().ShouldBe(1);
        map["x"].ToDecimal().ShouldBe(1500m);
        JsonSerializer.Serialize(map, KubeJson.Options).ShouldBe("""{"cpu":"500m","nvidia.com/gpu":"1","memory":"4Gi","x":"1500"}""");
    }

    [Fact]
    public void Json_NotAQuantity_Throws()
    {
        Should.Throw<Exception>(() => JsonSerializer.Deserialize<Quantity>("true", KubeJson.Options));
        Should.Throw<FormatException>(() => JsonSerializer.Deserialize<Quantity>("\"12xyz\"", KubeJson.Options));
    }
}
