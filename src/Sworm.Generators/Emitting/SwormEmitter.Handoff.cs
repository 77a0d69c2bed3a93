namespace Sworm.Generators.Emitting;

/// <summary>The handoff message types nested in every sworm class (see API.md §5).</summary>
internal static partial class SwormEmitter
{
    private static void WriteHandoffMessages(SourceWriter writer)
    {
        writer.Line($$"""
            /// <summary>
            /// Sent to a worker of this sworm that is about to move to another member. Answer with
            /// <c>Reply(context, state)</c> to hand its state to the successor, or <c>Ignore(context)</c>.
            /// </summary>
            {{GeneratedCode.Attribute}}
            public sealed class BeginHandoff : global::Sworm.Handoff.BeginHandoffMessage
            {
                internal BeginHandoff(global::Sworm.Handoff.HandoffRequest request)
                    : base(request)
                {
                }
            }

            /// <summary>
            /// The first message a successor worker of this sworm receives after <c>Started</c>, carrying the state
            /// its predecessor handed off: read it with <c>State&lt;T&gt;()</c>.
            /// </summary>
            {{GeneratedCode.Attribute}}
            public sealed class EndHandoff : global::Sworm.Handoff.EndHandoffMessage
            {
                internal EndHandoff(global::Sworm.Handoff.HandoffState state)
                    : base(state)
                {
                }
            }

            /// <summary>
            /// Received by the surviving copy of a name of this sworm when a name conflict is resolved (a healed
            /// partition, a duplicate activation, a rejoin), before the losing copy stops, carrying the losing copy's
            /// state: read it with <c>State&lt;T&gt;()</c>. Not sent when the losing copy declined <c>BeginHandoff</c>
            /// (ignored, did not answer in time, or failed).
            /// </summary>
            {{GeneratedCode.Attribute}}
            public sealed class ResolveConflict : global::Sworm.Handoff.ResolveConflictMessage
            {
                internal ResolveConflict(global::Sworm.Handoff.HandoffState state)
                    : base(state)
                {
                }
            }
            """);
    }
}
