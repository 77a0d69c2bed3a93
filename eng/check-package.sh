#!/usr/bin/env bash
# Packs Sworm.Runtime, checks the generator sits under analyzers/dotnet/cs, then builds and runs a consumer
# project that references ONLY that package (warnings as errors) and uses the generated members.
# Run it locally the same way CI does: eng/check-package.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
version="0.1.0-check.$(date +%s)"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}/sworm.runtime/$version"
trap 'rm -rf "$work" "$cache"' EXIT

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
