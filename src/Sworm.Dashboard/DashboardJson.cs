using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sworm.Dashboard;

/// <summary>The JSON shape of the status endpoint: camelCase, enums as strings.</summary>
internal static class DashboardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
