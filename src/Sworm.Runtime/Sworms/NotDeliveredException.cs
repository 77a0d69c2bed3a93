using Proto;

namespace Sworm.Sworms;

/// <summary>
/// A request's dead letter came from its target pid itself: the message reached no process, so asking again cannot
/// deliver it twice (see <c>SwormClient.AfterDeadLetter</c>). A dead letter from a process further on (the target
/// forwarded the request to one that is gone) is a <see cref="DeadLetterException"/> instead, and is not retried.
/// </summary>
internal sealed class NotDeliveredException(PID pid) : Exception($"{pid} no longer exists; the request reached no process");
