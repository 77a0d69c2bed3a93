namespace Sworm.Generators.Model;

/// <summary>One worker constructor parameter.</summary>
/// <param name="Name">The parameter name as written in strings (no <c>@</c>).</param>
/// <param name="Identifier">The parameter name as written in code (<c>@</c>-escaped if it is a keyword).</param>
/// <param name="Type">The fully qualified type, with its nullable annotation.</param>
/// <param name="FromServices">Resolved from DI on the hosting member instead of being serialized.</param>
/// <param name="IsOptionalService">A nullable <c>[FromServices]</c> parameter: resolved with <c>GetService</c>, not <c>GetRequiredService</c>.</param>
/// <param name="IsParams">Declared <c>params</c>.</param>
/// <param name="DefaultValue">The default value as C# code, or null when there is none.</param>
internal readonly record struct WorkerParameterModel(
    string Name,
    string Identifier,
    string Type,
    bool FromServices,
    bool IsOptionalService,
    bool IsParams,
    string? DefaultValue);
