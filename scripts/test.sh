#!/usr/bin/env bash
# Runs the whole Nereid test suite on a fresh machine that has only the .NET SDK.
# Installs what the tests need (idempotently), then runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet test Nereid.slnx --nologo
