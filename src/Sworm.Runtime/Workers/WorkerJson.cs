using System.Text.Json;

namespace Sworm.Workers;

/// <summary>The one set of JSON options for worker arguments, so that writer and reader always agree.</summary>
internal static class WorkerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        IncludeFields = true,
    };
}
