using System.Text.Json;

namespace Sworm.Serialization;

/// <summary>The one set of JSON options for what Sworm serializes itself (worker arguments, handoff state), so writers and readers always agree.</summary>
internal static class SwormJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        IncludeFields = true,
    };
}
