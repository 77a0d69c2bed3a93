using Proto;

namespace Sworm.Registry;

/// <summary>Where one request's answer goes: its <see cref="ILocalReply{T}"/> when it carried one, else its sender (a Proto future or actor).</summary>
internal readonly record struct Answer<T>(PID? Sender, ILocalReply<T>? Reply)
{
    public void Give(ISenderContext context, T answer)
    {
        if (Reply is { } reply)
        {
            reply.TrySetResult(answer);
        }
        else if (Sender is { } sender)
        {
            context.Send(sender, answer!);
        }
    }
}
