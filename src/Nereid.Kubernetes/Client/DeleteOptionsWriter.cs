using System.Text.Json;

namespace Nereid.Kubernetes.Client;

/// <summary>Writes a <c>DeleteOptions</c> body (only the fields set).</summary>
internal static class DeleteOptionsWriter
{
    public static byte[] Write(DeleteOptions options)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", "v1");
            w.WriteString("kind", "DeleteOptions");
            if (options.PropagationPolicy is not null)
            {
                w.WriteString("propagationPolicy", options.PropagationPolicy);
            }
            if (options.GracePeriodSeconds is { } grace)
            {
                w.WriteNumber("gracePeriodSeconds", grace);
            }
            if (options.PreconditionResourceVersion is not null || options.PreconditionUid is not null)
            {
                w.WriteStartObject("preconditions");
                if (options.PreconditionResourceVersion is not null)
                {
                    w.WriteString("resourceVersion", options.PreconditionResourceVersion);
                }
                if (options.PreconditionUid is not null)
                {
                    w.WriteString("uid", options.PreconditionUid);
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
