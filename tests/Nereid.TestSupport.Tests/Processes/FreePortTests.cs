using System.Net;
using System.Net.Sockets;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Tests.Processes;

public sealed class FreePortTests
{
    [Fact]
    public void Get_SeveralAtOnce_AllDifferentAndBindable()
    {
        // Many rounds: single ports taken one after another did repeat now and then.
        for (var round = 0; round < 50; round++)
        {
            var ports = FreePort.Get(5);

            ports.Distinct().Count().ShouldBe(5);
            var sockets = ports.Select(p =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.Bind(new IPEndPoint(IPAddress.Loopback, p));
                return s;
            }).ToList();
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void Get_NoPorts_Refused() => Should.Throw<ArgumentOutOfRangeException>(() => FreePort.Get(0));
}
