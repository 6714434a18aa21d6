using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Config;

public class ClusterCertificateValidatorTests
{
    private static readonly X509Certificate2 ClusterCa = TestCertificates.CreateCa("cluster-ca");
    private static readonly X509Certificate2 OtherCa = TestCertificates.CreateCa("other-ca");

    [Fact]
    public void Validate_LeafOfClusterCa_IsTrusted()
    {
        var leaf = TestCertificates.CreateLeaf(ClusterCa, "kubernetes.default");

        ClusterCertificateValidator.Validate(leaf, [ClusterCa], SslPolicyErrors.RemoteCertificateChainErrors).ShouldBeTrue();
    }

    [Fact]
    public void Validate_LeafOfAnotherCa_IsRejected()
    {
        var leaf = TestCertificates.CreateLeaf(OtherCa, "kubernetes.default");

        ClusterCertificateValidator.Validate(leaf, [ClusterCa], SslPolicyErrors.RemoteCertificateChainErrors).ShouldBeFalse();
    }

    [Fact]
    public void Validate_NameMismatchOrMissing_IsRejected()
    {
        var leaf = TestCertificates.CreateLeaf(ClusterCa, "kubernetes.default");

        ClusterCertificateValidator.Validate(leaf, [ClusterCa], SslPolicyErrors.RemoteCertificateNameMismatch).ShouldBeFalse();
        ClusterCertificateValidator.Validate(null, [ClusterCa], SslPolicyErrors.RemoteCertificateNotAvailable).ShouldBeFalse();
    }

    [Fact]
    public void Validate_TlsServerName_ChecksThatNameInsteadOfTheUrlHost()
    {
        var leaf = TestCertificates.CreateLeaf(ClusterCa, "kubernetes.default");

        ClusterCertificateValidator.Validate(leaf, [ClusterCa], SslPolicyErrors.RemoteCertificateNameMismatch, "kubernetes.default").ShouldBeTrue();
        ClusterCertificateValidator.Validate(leaf, [ClusterCa], SslPolicyErrors.None, "other.example").ShouldBeFalse();
    }
}
