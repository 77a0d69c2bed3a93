namespace Sworm.Sample;

/// <summary>One line of the console's recent events: when, which member published it, its kind and text, and how many alike.</summary>
internal sealed record FleetEvent(DateTime At, string Member, string Kind, string Text, int Count = 1);
