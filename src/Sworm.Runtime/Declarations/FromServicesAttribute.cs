namespace Sworm;

/// <summary>
/// Marks a worker constructor parameter that is resolved from the hosting member's DI container
/// instead of being carried (serialized) in the <see cref="WorkerSpec"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class FromServicesAttribute : Attribute;
