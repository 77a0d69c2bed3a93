namespace Sworm;

/// <summary>
/// Marks a Proto.Actor actor (<c>IActor</c>) as a worker that any member can re-create from data.
/// The generator adds one <c>static WorkerSpec Spec(...)</c> per public constructor and registers
/// a reflection-free factory for it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class SwormWorkerAttribute : Attribute;
