using System.ComponentModel;
using Proto;

namespace Sworm.Workers;

/// <summary>Builds a worker from its serialized arguments and the hosting member's services. Emitted by the generator.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate IActor WorkerFactory(IServiceProvider services, WorkerArgumentsReader arguments);
