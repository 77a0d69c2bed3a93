// netstandard2.0 lacks this marker type; the compiler needs it for `init` accessors and records.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit;
