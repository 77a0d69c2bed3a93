using System.Text.Json;

namespace Sworm.Handoff;

/// <summary>The one set of JSON options for handoff state, so writer and reader always agree.</summary>
internal static class HandoffJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        IncludeFields = true,
    };
}
