using Sworm.Registry;
using Sworm.Serialization;
using Sworm.Supervision;
using Sworm.Supervision.Placement;

namespace Sworm.Sworms;

/// <summary>Sworm's records that cross the wire in a binary form rather than JSON (<see cref="WireCodec{T}"/>): the ones every new name sends.</summary>
internal static class WireCodecs
{
    public static IWireCodec[] All { get; } =
    [
        new NameRequestCodec(),
        new DelegateReplyCodec(),
        new RegistryDeltaCodec(),
        new SpecsAcknowledgedCodec(),
    ];
}
