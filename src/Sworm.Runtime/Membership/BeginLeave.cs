namespace Sworm.Membership;

/// <summary>
/// Local message at graceful shutdown: stop gossiping and detecting (so the leaver never removes the members it is
/// leaving) and answer with the view, whose members are then told <see cref="LeaveNotice"/>.
/// </summary>
internal sealed record BeginLeave
{
    public static readonly BeginLeave Instance = new();
}
