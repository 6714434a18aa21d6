namespace Nereid.Domain.Requests;

/// <summary>Where a request stands; only pending requests can be decided.</summary>
public enum RequestState
{
    Pending = 0,
    Approved = 1,
    Denied = 2,
    /// <summary>Withdrawn by the requester or made moot (e.g. the person was added directly).</summary>
    Cancelled = 3,
}
