namespace Nereid.Kubernetes.Projection;

/// <summary>The namespace's data cannot be projected (bad input); retrying will not help until the data changes.</summary>
public sealed class ProjectionException : Exception
{
    public ProjectionException(string message)
        : base(message)
    {
    }

    public ProjectionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
