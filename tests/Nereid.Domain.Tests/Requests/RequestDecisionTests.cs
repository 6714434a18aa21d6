using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Domain.Requests;

namespace Nereid.Domain.Tests.Requests;

public sealed class RequestDecisionTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(true, RequestState.Approved)]
    [InlineData(false, RequestState.Denied)]
    public void Decide_Pending_RecordsDecision(bool approve, RequestState expected)
    {
        var request = new JoinRequest { PersonId = Guid.NewGuid(), CreatedAt = T0 };
        var decider = Guid.NewGuid();

        request.Decide(approve, decider, "reason", T0.AddHours(1));

        (request.State, request.DecidedById, request.DecidedAt, request.DecisionReason).ShouldBe((expected, (Guid?)decider, (DateTime?)T0.AddHours(1), "reason"));
    }

    [Fact]
    public void Decide_AlreadyDecided_ConflictAndFirstDecisionKept()
    {
        var request = new TierRequest { PersonId = Guid.NewGuid(), RequestedTier = Tier.Admin, CreatedAt = T0 };
        request.Decide(false, Guid.NewGuid(), "no", T0.AddHours(1));

        Should.Throw<ConflictException>(() => request.Decide(true, Guid.NewGuid(), "yes", T0.AddHours(2)));

        (request.State, request.DecisionReason).ShouldBe((RequestState.Denied, "no"));
    }

    [Fact]
    public void Cancel_Pending_Cancelled()
    {
        var request = new JoinRequest { PersonId = Guid.NewGuid(), CreatedAt = T0 };

        request.Cancel();

        request.State.ShouldBe(RequestState.Cancelled);
    }

    [Fact]
    public void TierCancel_Decided_ConflictAndDecisionKept()
    {
        var pending = new TierRequest { PersonId = Guid.NewGuid(), RequestedTier = Tier.User, CreatedAt = T0 };
        var decided = new TierRequest { PersonId = Guid.NewGuid(), RequestedTier = Tier.User, CreatedAt = T0 };
        decided.Decide(true, Guid.NewGuid(), "welcome", T0.AddHours(1));

        pending.Cancel();

        pending.State.ShouldBe(RequestState.Cancelled);
        Should.Throw<ConflictException>(decided.Cancel);
        decided.State.ShouldBe(RequestState.Approved);
    }
}
