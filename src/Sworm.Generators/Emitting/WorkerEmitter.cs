using System.Collections.Generic;
using System.Linq;
using Sworm.Generators.Model;

namespace Sworm.Generators.Emitting;

/// <summary>Writes the <c>Spec(...)</c> methods of one <c>[SwormWorker]</c> type.</summary>
internal static class WorkerEmitter
{
    public static string HintName(WorkerModel model) => model.Hierarchy.MetadataName + ".SwormWorker.g.cs";

    public static string Emit(WorkerModel model)
    {
        var writer = new SourceWriter();
        GeneratedCode.WriteHeader(writer);
        var blocks = GeneratedCode.OpenHierarchy(writer, model.Hierarchy);

        writer.Line($"partial {model.Hierarchy.Keyword} {GeneratedCode.Identifier(model.Hierarchy.Name)}");
        writer.OpenBlock();
        var first = true;
        foreach (var constructor in model.Constructors)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            WriteSpec(writer, model, constructor);
        }

        writer.CloseBlock();
        GeneratedCode.CloseBlocks(writer, blocks);
        return writer.ToString();
    }

    private static void WriteSpec(SourceWriter writer, WorkerModel model, WorkerConstructorModel constructor)
    {
        var serialized = constructor.Parameters.Where(p => !p.FromServices).ToList();
        var cref = Cref(model, constructor);

        writer.Line($"/// <summary>");
        writer.Line($"/// Describes a <see cref=\"{model.Hierarchy.FullyQualifiedName}\"/> built with <see cref=\"{cref}\"/>, so that any member");
        writer.Line("/// can start it: pass the spec to <c>RegisterName</c> or <c>WhereIsOrRegisterName</c>.");
        if (constructor.Parameters.Any(p => p.FromServices))
        {
            writer.Line("/// The <c>[FromServices]</c> parameters are resolved from DI on the member that starts it.");
        }

        writer.Line("/// </summary>");
        foreach (var parameter in serialized)
        {
            writer.Line($"/// <param name=\"{parameter.Name}\">Passed to the constructor's <c>{parameter.Name}</c> parameter.</param>");
        }

        writer.Line("/// <returns>The spec: this type, this constructor and the serialized arguments.</returns>");
        writer.Line("/// <exception cref=\"global::System.ArgumentException\">An argument cannot be serialized to JSON.</exception>");
        writer.Line(GeneratedCode.Attribute);
        writer.Line($"public static {(constructor.HidesInheritedSpec ? "new " : string.Empty)}global::Sworm.WorkerSpec Spec({string.Join(", ", serialized.Select(Parameter))})");
        writer.Indent();
        writer.Line($"=> new global::Sworm.Workers.WorkerArgumentsWriter({GeneratedCode.Literal(model.WorkerTypeId)}, {GeneratedCode.Literal(constructor.ConstructorId)})");
        writer.Indent();
        foreach (var parameter in serialized)
        {
            writer.Line($".Add<{parameter.Type}>({GeneratedCode.Literal(parameter.Name)}, {parameter.Identifier})");
        }

        writer.Line(".ToSpec();");
        writer.Unindent().Unindent();
    }

    private static string Parameter(WorkerParameterModel parameter)
    {
        var text = $"{(parameter.IsParams ? "params " : string.Empty)}{parameter.Type} {parameter.Identifier}";
        return parameter.DefaultValue is null ? text : $"{text} = {parameter.DefaultValue}";
    }

    /// <summary>A cref to the constructor, e.g. <c>global::MyApp.Counter.Counter(int, string)</c>.</summary>
    private static string Cref(WorkerModel model, WorkerConstructorModel constructor)
    {
        // Crefs take no nullable annotations, and their generic brackets must be braces in XML.
        IEnumerable<string> types = constructor.Parameters.Select(p => CrefType(p.Type));
        return $"{model.Hierarchy.FullyQualifiedName}.{GeneratedCode.Identifier(model.Hierarchy.Name)}({string.Join(", ", types)})";
    }

    private static string CrefType(string type) =>
        type.Replace("?", string.Empty).Replace('<', '{').Replace('>', '}');
}
