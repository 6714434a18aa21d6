using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nereid.TestSupport.Loopback;

namespace Nereid.TestSupport.Tests.Loopback;

public class LoopbackServerTests
{
    [Fact]
    public async Task StartAsync_NoCertificate_AnswersMappedEndpointsOverHttpOnLoopback()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/hello", () => "hi"), cancellationToken: TestTimeout.Token);
        using var client = new HttpClient();

        var text = await client.GetStringAsync(new Uri(server.BaseAddress, "hello"), TestTimeout.Token);
        using var missing = await client.GetAsync(new Uri(server.BaseAddress, "elsewhere"), TestTimeout.Token);

        text.ShouldBe("hi");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        server.BaseAddress.Scheme.ShouldBe("http");
        server.BaseAddress.Host.ShouldBe("127.0.0.1");
        server.BaseAddress.Port.ShouldBeGreaterThan(0);
        server.BaseAddress.AbsolutePath.ShouldBe("/");
        server.Url.ShouldBe($"http://127.0.0.1:{server.BaseAddress.Port}");
    }

    [Fact]
    public async Task ServeAsync_Certificate_AnswersOverHttpsWithThatCertificateOnly()
    {
        using var certificate = SelfSigned();
        await using var server = await LoopbackServer.ServeAsync(ctx => ctx.Response.WriteAsync("path " + ctx.Request.Path), certificate, TestTimeout.Token);
        string? presented = null;
        using var trusting = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                presented = cert?.Thumbprint;
                return cert?.Thumbprint == certificate.Thumbprint;
            },
        });
        using var untrusting = new HttpClient();

        var text = await trusting.GetStringAsync(new Uri(server.BaseAddress, "any/where"), TestTimeout.Token);

        text.ShouldBe("path /any/where");
        server.BaseAddress.Scheme.ShouldBe("https");
        presented.ShouldBe(certificate.Thumbprint);
        await Should.ThrowAsync<HttpRequestException>(() => untrusting.GetAsync(server.BaseAddress, TestTimeout.Token));
    }

    [Fact]
    public async Task DisposeAsync_Started_StopsListening()
    {
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "up"), cancellationToken: TestTimeout.Token);
        var address = server.BaseAddress;
        using var client = new HttpClient();
        (await client.GetStringAsync(address, TestTimeout.Token)).ShouldBe("up");

        await server.DisposeAsync();

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(address, TestTimeout.Token));
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel wants a certificate whose private key it can use from a PKCS#12 export, as a loaded file gives.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
