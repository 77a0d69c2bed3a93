using Xunit;

namespace Sworm.Dashboard.Tests;

/// <summary>A fact that is skipped, saying why, when Debian's Chromium is not at <see cref="Path"/>.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    // xunit 2 reads Skip from the attribute at discovery: computed here, it is a skip decided on this machine.
    public override string Skip
    {
        get => base.Skip ?? (File.Exists(Path) ? null! : $"{Path} is not installed (apt-get install chromium; .ci/run installs it)");
        set => base.Skip = value;
    }
}
