#!/usr/bin/env bash
# Packs Sworm.Runtime, checks the generator sits under analyzers/dotnet/cs, then builds and runs a consumer
# project that references ONLY that package (warnings as errors) and uses the generated members. Then packs
# Sworm.Dashboard and runs a web app that references only the two packages, maps the dashboard and fetches it.
# Run it locally the same way CI does: eng/check-package.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
version="0.1.0-check.$(date +%s)"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}/sworm.runtime/$version"
dashboard_cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}/sworm.dashboard/$version"
trap 'rm -rf "$work" "$cache" "$dashboard_cache"' EXIT

dotnet pack "$root/src/Sworm.Runtime/Sworm.Runtime.csproj" -c Release -o "$work/packages" -p:Version="$version" --nologo -v q
package="$work/packages/Sworm.Runtime.$version.nupkg"
test -f "$package" || { echo "no package at $package"; exit 1; }
count=$(ls "$work/packages"/*.nupkg | wc -l)
[ "$count" -eq 1 ] || { echo "expected exactly one package, found $count"; exit 1; }
python3 - "$package" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
assert "analyzers/dotnet/cs/Sworm.Generators.dll" in names, "the generator is not in analyzers/dotnet/cs: " + str(names)
assert "lib/net10.0/Sworm.Runtime.dll" in names, "the runtime is not in lib/net10.0"
assert not any(n.startswith("lib/") and "Generators" in n for n in names), "the generator must not be a lib reference"
print("package layout OK:", ", ".join(n for n in names if n.endswith(".dll")))
PY

cp "$root/eng/package-consumer/"*.cs "$root/eng/package-consumer/"*.csproj "$work/"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="sworm-local" value="$work/packages" />
  </packageSources>
</configuration>
XML
# Keep the consumer away from the repository's Directory.*.props: it must look like a user's project.
echo "<Project />" > "$work/Directory.Build.props"
echo "<Project />" > "$work/Directory.Packages.props"
cp "$root/global.json" "$work/"
(cd "$work" && dotnet build PackageConsumer.csproj -c Release -p:SwormVersion="$version" --nologo -v q)
(cd "$work" && dotnet run --project PackageConsumer.csproj -c Release --no-build)

echo "== Sworm.Dashboard package"
dotnet pack "$root/src/Sworm.Dashboard/Sworm.Dashboard.csproj" -c Release -o "$work/packages" -p:Version="$version" --nologo -v q
dashboard="$work/packages/Sworm.Dashboard.$version.nupkg"
test -f "$dashboard" || { echo "no package at $dashboard"; exit 1; }
python3 - "$dashboard" "$version" <<'PY'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
assert "lib/net10.0/Sworm.Dashboard.dll" in names, "the dashboard is not in lib/net10.0: " + str(names)
assert "lib/net10.0/Sworm.Dashboard.xml" in names, "the dashboard's XML docs are missing"
assert not any(n.startswith(("content", "contentFiles", "staticwebassets", "wwwroot")) for n in names), "assets must be embedded in the dll, not shipped as files"
nuspec = z.read(next(n for n in names if n.endswith(".nuspec"))).decode()
assert re.search(r'<dependency id="Sworm.Runtime" version="\[?' + re.escape(sys.argv[2]), nuspec), "Sworm.Dashboard must depend on the same Sworm.Runtime version"
assert 'Microsoft.AspNetCore.App' in nuspec, "the framework reference Microsoft.AspNetCore.App is not declared"
dll = z.read("lib/net10.0/Sworm.Dashboard.dll")
for asset in (b"Sworm.Dashboard.Assets.index.html", b"Sworm.Dashboard.Assets.dashboard.js", b"Sworm.Dashboard.Assets.dashboard.css"):
    assert asset in dll, "asset not embedded: " + asset.decode()
print("dashboard package layout OK:", ", ".join(n for n in names if n.endswith(".dll")))
PY
mkdir "$work/dashboard-consumer"
cp "$root/eng/dashboard-consumer/"*.cs "$root/eng/dashboard-consumer/"*.csproj "$work/dashboard-consumer/"
(cd "$work/dashboard-consumer" && dotnet build DashboardConsumer.csproj -c Release -p:SwormVersion="$version" --nologo -v q)
(cd "$work/dashboard-consumer" && dotnet run --project DashboardConsumer.csproj -c Release --no-build)
