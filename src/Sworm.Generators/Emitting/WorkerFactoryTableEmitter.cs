using System.Linq;
using Sworm.Generators.Model;

namespace Sworm.Generators.Emitting;

/// <summary>
/// Writes the one file per assembly that registers a factory for every worker constructor when the module
/// loads, so that members rebuild workers from specs without reflection.
/// </summary>
internal static class WorkerFactoryTableEmitter
{
    public const string HintName = "Sworm.Generated.SwormWorkerFactoryTable.g.cs";

    public static string Emit(EquatableArray<WorkerRegistrationModel> workers)
    {
        var writer = new SourceWriter();
        GeneratedCode.WriteHeader(writer);
        writer.Line("// Module initializers are meant for application code, but this one only fills a lookup table.");
        writer.Line("#pragma warning disable CA2255");
        writer.Line();
        writer.Line("namespace Sworm.Generated").OpenBlock();
        writer.Line("/// <summary>Registers the factories of this assembly's <c>[SwormWorker]</c> types with the Sworm runtime.</summary>");
        writer.Line(GeneratedCode.Attribute);
        writer.Line("internal static class SwormWorkerFactoryTable").OpenBlock();
        writer.Line("/// <summary>Runs once, when the assembly is loaded.</summary>");
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Line("internal static void Register()").OpenBlock();

        var first = true;
        foreach (var worker in workers.OrderBy(w => w.WorkerTypeId, System.StringComparer.Ordinal))
        {
            foreach (var constructor in worker.Constructors)
            {
                if (!first)
                {
                    writer.Line();
                }

                first = false;
                WriteRegistration(writer, worker, constructor);
            }
        }

        writer.CloseBlock();
        writer.CloseBlock();
        writer.CloseBlock();
        return writer.ToString();
    }

    private static void WriteRegistration(SourceWriter writer, WorkerRegistrationModel worker, WorkerConstructorModel constructor)
    {
        writer.Line("global::Sworm.Workers.WorkerFactories.Register(");
        writer.Indent();
        writer.Line($"{GeneratedCode.Literal(worker.WorkerTypeId)},");
        writer.Line($"{GeneratedCode.Literal(constructor.ConstructorId)},");
        if (constructor.Parameters.Count == 0)
        {
            writer.Line($"static (services, arguments) => new {worker.FullyQualifiedName}());");
            writer.Unindent();
            return;
        }

        writer.Line($"static (services, arguments) => new {worker.FullyQualifiedName}(");
        writer.Indent();
        var index = 0;
        for (var i = 0; i < constructor.Parameters.Count; i++)
        {
            var parameter = constructor.Parameters[i];
            var argument = parameter.FromServices
                ? $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.{(parameter.IsOptionalService ? "GetService" : "GetRequiredService")}<{parameter.Type.TrimEnd('?')}>(services)"
                : $"arguments.Get<{parameter.Type}>({index++}, {GeneratedCode.Literal(parameter.Name)})";
            var separator = i == constructor.Parameters.Count - 1 ? "));" : ",";
            writer.Line($"{parameter.Identifier}: {argument}{separator}");
        }

        writer.Unindent();
        writer.Unindent();
    }
}
