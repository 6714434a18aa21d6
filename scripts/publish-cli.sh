#!/usr/bin/env bash
# Publishes the nereid CLI as one self-contained file per system (no .NET needed to run it), for the portal's
# Get config page: <out>/<rid>/nereid (nereid.exe on Windows) and <out>/SHA256SUMS.
# Usage: scripts/publish-cli.sh [--out DIR] [--quick] [RID...]   (default out: artifacts/cli; default RIDs: all five)
#   --quick  no ReadyToRun precompilation and no compression: the same self-contained file, built in a fraction of
#            the time but starting slower (the tests use it; releases do not)
#   RIDs: linux-x64 linux-arm64 osx-x64 osx-arm64 win-x64
# Point the server at the output with Nereid:CliDownloads:Directory (the container image copies it to /app/cli).
# The tests publish only linux-x64 (once per test run); this script builds the full set.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/cli
rids=()
extra=(-p:EnableCompressionInSingleFile=true)
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --quick) extra=(-p:PublishReadyToRun=false -p:EnableCompressionInSingleFile=false); shift ;;
        linux-x64|linux-arm64|osx-x64|osx-arm64|win-x64) rids+=("$1"); shift ;;
        *) echo "error: unknown argument '$1' (RIDs: linux-x64 linux-arm64 osx-x64 osx-arm64 win-x64)" >&2; exit 64 ;;
    esac
done
if [ ${#rids[@]} -eq 0 ]; then rids=(linux-x64 linux-arm64 osx-x64 osx-arm64 win-x64); fi
mkdir -p "$out"

for rid in "${rids[@]}"; do
    echo "publishing nereid for $rid"
    # Single file, runtime included, compressed; ReadyToRun (from the project) keeps `nereid auth token` start-up short.
    dotnet publish src/Nereid.Cli/Nereid.Cli.csproj -c Release -r "$rid" --self-contained true -nologo -v quiet \
        -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true "${extra[@]}" \
        -p:DebugType=none -p:GenerateDocumentationFile=false -o "$out/$rid"
    find "$out/$rid" -type f ! -name nereid ! -name nereid.exe -delete
done

(cd "$out" && find . -mindepth 2 -maxdepth 2 -type f \( -name nereid -o -name nereid.exe \) | sed 's|^\./||' | sort | xargs sha256sum > SHA256SUMS)
echo "published to $out:"
cat "$out/SHA256SUMS"
