using System.Net.Mail;
using System.Net.Sockets;
using System.Text;
using Nereid.TestSupport.Smtp;

namespace Nereid.TestSupport.Tests.Smtp;

public class SmtpSinkTests
{
    [Fact]
    public async Task WaitForMessagesAsync_SmtpClientSendsMail_CapturesEnvelopeSubjectAndUnstuffedBody()
    {
        await using var sink = SmtpSink.Start();
        using var client = new SmtpClient(sink.Host, sink.Port) { EnableSsl = false };
        using var mail = new MailMessage("nereid@example.org", "alice@example.org", "GPU idle violation", "Hello\r\n.leading dot line\r\nbye")
        {
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = System.Net.Mime.TransferEncoding.SevenBit,
        };
        mail.To.Add("bob@example.org");

        await client.SendMailAsync(mail, TestTimeout.Token);
        var messages = await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(30), TestTimeout.Token);

        var message = messages.ShouldHaveSingleItem();
        message.From.ShouldBe("nereid@example.org");
        message.To.ShouldBe(["alice@example.org", "bob@example.org"]);
        message.Subject.ShouldBe("GPU idle violation");
        message.Body.ShouldContain("\r\n.leading dot line\r\n");
        message.Data.ShouldContain("To: alice@example.org, bob@example.org");
    }

    [Fact]
    public async Task WaitForMessagesAsync_TwoMailsOnOneConnection_ReturnsBothInOrder()
    {
        await using var sink = SmtpSink.Start();
        using var client = new SmtpClient(sink.Host, sink.Port);

        var waiting = sink.WaitForMessagesAsync(2, TimeSpan.FromSeconds(30), TestTimeout.Token);
        await client.SendMailAsync("a@example.org", "x@example.org", "first", "1", TestTimeout.Token);
        waiting.IsCompleted.ShouldBeFalse();
        await client.SendMailAsync("b@example.org", "y@example.org", "second", "2", TestTimeout.Token);

        (await waiting).Select(m => m.Subject).ShouldBe(["first", "second"]);
    }

    [Fact]
    public async Task WaitForMessagesAsync_NothingSent_ThrowsTimeout()
    {
        await using var sink = SmtpSink.Start();

        await Should.ThrowAsync<TimeoutException>(() => sink.WaitForMessagesAsync(1, TimeSpan.FromMilliseconds(100), TestTimeout.Token));
    }

    [Fact]
    public async Task Session_RawCommands_AnswersRfc5321Codes()
    {
        await using var sink = SmtpSink.Start();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(sink.Host, sink.Port, TestTimeout.Token);
        using var reader = new StreamReader(tcp.GetStream());
        await using var writer = new StreamWriter(tcp.GetStream()) { NewLine = "\r\n", AutoFlush = true };

        async Task<string> SendAsync(string line)
        {
            await writer.WriteLineAsync(line);
            return (await reader.ReadLineAsync(TestTimeout.Token))!;
        }

        (await reader.ReadLineAsync(TestTimeout.Token))!.ShouldStartWith("220 ");
        (await SendAsync("HELO test")).ShouldStartWith("250 ");
        (await SendAsync("RCPT TO:<x@example.org>")).ShouldStartWith("503 ");
        (await SendAsync("MAIL FROM:<a@example.org> SIZE=10")).ShouldStartWith("250 ");
        (await SendAsync("RSET")).ShouldStartWith("250 ");
        (await SendAsync("DATA")).ShouldStartWith("503 ");
        (await SendAsync("NOOP")).ShouldStartWith("250 ");
        (await SendAsync("VRFY someone")).ShouldStartWith("502 ");
        (await SendAsync("QUIT")).ShouldStartWith("221 ");
        sink.Messages.ShouldBeEmpty();
    }
}
