using Sworm.Diagnostics;
using Sworm.Registry;
using Sworm.Supervision;
using Sworm.Workers;

namespace Sworm;

/// <summary>
/// The facade's writes as spans and counts: each round trip to a name's delegate runs in a client span whose W3C
/// context travels in the message (the delegate's span on its member is its child), and supervised registrations are
/// counted on <c>sworm.registrations</c> by outcome.
/// </summary>
public sealed partial class SwormClient
{
    private SwormDiagnostics? Diagnostics => SwormDiagnostics.Of(Root.System);

    /// <summary>RegisterName's round trip to the delegate, counted and traced; a new name is applied here before it returns (read-your-writes).</summary>
    private async Task<RegisterResult> Register(string name, WorkerSpec spec, CancellationToken cancellationToken)
    {
        using var activity = SwormActivities.StartClient(SwormActivities.RegisterName, SwormName, name);
        var message = new RegisterSupervised(spec, TraceParent: SwormActivities.TraceParentOf(activity), TraceState: SwormActivities.TraceStateOf(activity));
        DelegateReply reply;
        try
        {
            reply = await _runtime.AskDelegate(name, message, nameof(RegisterName), cancellationToken).ConfigureAwait(false);
        }
        catch (SwormTimeoutException e)
        {
            Diagnostics?.Instruments.Registration(SwormName, SwormInstruments.Failed);
            SwormActivities.Outcome(activity, SwormInstruments.Failed, e.Message);
            throw;
        }

        var outcome = reply.Outcome switch
        {
            DelegateOutcome.Started => SwormInstruments.Started,
            DelegateOutcome.AlreadyStarted => SwormInstruments.AlreadyStarted,
            DelegateOutcome.Failed => SwormInstruments.Failed,
            _ => null,
        };
        if (outcome is not null)
        {
            Diagnostics?.Instruments.Registration(SwormName, outcome);
            SwormActivities.Outcome(activity, outcome, reply.Outcome == DelegateOutcome.Failed ? reply.Reason : null);
        }

        if (reply.Outcome == DelegateOutcome.Started)
        {
            // The spec goes along when copies ride with deltas: if the delta that carried it is missing here, this member keeps the copy.
            var copy = _runtime.Specs.CarriesCopies ? spec : null;
            await _runtime.Registry.ApplyEarly(Root, reply.Source, reply.Sequence, RegistryChangeKind.NameAdded, name, reply.Pid!, copy).ConfigureAwait(false);
        }

        return Registered(name, reply);
    }

    private async Task<DelegateReply> AskUnregister(string name, CancellationToken cancellationToken)
    {
        using var activity = SwormActivities.StartClient(SwormActivities.UnregisterName, SwormName, name);
        var message = new UnregisterRequest(SwormActivities.TraceParentOf(activity), SwormActivities.TraceStateOf(activity));
        try
        {
            var reply = await _runtime.AskDelegate(name, message, nameof(UnregisterName), cancellationToken).ConfigureAwait(false);
            SwormActivities.Outcome(activity, reply.Outcome == DelegateOutcome.Removed ? "removed" : "not_found");
            return reply;
        }
        catch (SwormException e)
        {
            SwormActivities.Outcome(activity, SwormInstruments.Failed, e.Message);
            throw;
        }
    }
}
