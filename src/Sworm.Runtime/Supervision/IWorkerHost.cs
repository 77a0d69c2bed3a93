namespace Sworm.Supervision;

/// <summary>
/// What a worker's start asks of its name host from the worker's own thread, the moment <c>Started</c> has finished
/// (<see cref="WorkerStart"/>): both can change while <c>Started</c> runs. Implemented by <see cref="NameDelegates"/>.
/// </summary>
internal interface IWorkerHost
{
    /// <summary>The host began stopping: its delegates' steps go no further.</summary>
    bool Stopping { get; }

    /// <summary>Whether a worker's spec copies still ride with its publication (<c>SpecReplicator.CarriesCopies</c>).</summary>
    bool CarriesCopies { get; }
}
