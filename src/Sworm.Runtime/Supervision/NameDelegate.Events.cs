using System.Diagnostics;
using Proto;
using Sworm.Diagnostics;

namespace Sworm.Supervision;

/// <summary>The delegate's observability: its spans (children of the caller's) and the events it raises on its member.</summary>
internal sealed partial class NameDelegate
{
    private Activity? Trace(IContext context, RegisterSupervised register) => SwormActivities.StartServer(
        register.Restore ? SwormActivities.RestoreName : SwormActivities.RegisterName, Settings.Name, _name, context.System.Address, register.TraceParent, register.TraceState);

    private Activity? Trace(IContext context, UnregisterRequest unregister) =>
        SwormActivities.StartServer(SwormActivities.UnregisterName, Settings.Name, _name, context.System.Address, unregister.TraceParent, unregister.TraceState);

    private static void Raise(IContext context, SwormEvent e) => SwormDiagnostics.Of(context.System)?.Raise(e);
}
