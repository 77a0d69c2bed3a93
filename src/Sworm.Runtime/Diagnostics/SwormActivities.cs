using System.Diagnostics;

namespace Sworm.Diagnostics;

/// <summary>
/// Sworm's <see cref="ActivitySource"/> (<c>"Sworm"</c>) and the spans it starts. A call that crosses members carries
/// the caller's W3C <c>traceparent</c> inside Sworm's own message (e.g. <c>RegisterSupervised.TraceParent</c>), and the
/// delegate's span on the remote member is its child, so one registration is one trace across members.
///
/// Span names are the operation (<c>RegisterName</c>, <c>UnregisterName</c>, <c>RestoreName</c>, <c>HandoffName</c>);
/// the caller's span is <see cref="ActivityKind.Client"/>, the delegate's <see cref="ActivityKind.Server"/>; every
/// span has the tags <c>sworm</c> and <c>sworm.name</c>, the caller's also <c>outcome</c>, the delegate's <c>sworm.member</c>.
/// </summary>
internal static class SwormActivities
{
    public const string RegisterName = "RegisterName";
    public const string UnregisterName = "UnregisterName";
    public const string RestoreName = "RestoreName";
    public const string HandoffName = "HandoffName";

    /// <summary>Tag of the delegate's span: the address of the member it ran on.</summary>
    public const string MemberTag = "sworm.member";

    public static readonly ActivitySource Source = new(SwormInstrumentNames.ActivitySource);

    /// <summary>The span of a caller (or a restorer, or a handoff) that sends <paramref name="operation"/> to a name's delegate.</summary>
    public static Activity? StartClient(string operation, string sworm, string name) =>
        Tagged(Source.StartActivity(operation, ActivityKind.Client), sworm, name);

    /// <summary>
    /// The span of the delegate serving <paramref name="operation"/>: the child of the caller's span when the message
    /// carried its <paramref name="traceParent"/>, else a span of its own.
    /// </summary>
    public static Activity? StartServer(string operation, string sworm, string name, string member, string? traceParent, string? traceState = null)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context)
            ? context
            : default;
        var activity = Tagged(Source.StartActivity(operation, ActivityKind.Server, parent), sworm, name);
        activity?.SetTag(MemberTag, member);
        return activity;
    }

    /// <summary>A span for the handoff of one name (the handoff code starts it and carries <see cref="TraceParentOf"/> to the new member).</summary>
    public static Activity? StartHandoff(string sworm, string name) => StartClient(HandoffName, sworm, name);

    /// <summary>The W3C <c>traceparent</c> of <paramref name="activity"/> (or of <see cref="Activity.Current"/>), to put in a message.</summary>
    public static string? TraceParentOf(Activity? activity = null) =>
        (activity ?? Activity.Current) is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;

    /// <summary>The W3C <c>tracestate</c> to carry with <see cref="TraceParentOf"/>, if any.</summary>
    public static string? TraceStateOf(Activity? activity = null) => (activity ?? Activity.Current)?.TraceStateString;

    /// <summary>Records how the operation ended on the span; a failure also sets the span's status.</summary>
    public static void Outcome(Activity? activity, string outcome, string? error = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(SwormInstrumentNames.OutcomeTag, outcome);
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }
    }

    private static Activity? Tagged(Activity? activity, string sworm, string name)
    {
        activity?.SetTag(SwormInstrumentNames.SwormTag, sworm);
        activity?.SetTag(SwormInstrumentNames.NameTag, name);
        return activity;
    }
}
