#!/usr/bin/env bash
# Runs the whole Nereid test suite on a fresh Debian 12 machine that has only the .NET SDK.
# Installs what the tests need (idempotently, scripts/install-prerequisites.sh), builds once, runs every test project, and ends with
# one summary line "N passed, N failed[, N skipped]". Exit code is non-zero when anything failed.
#
# Environment (all optional):
#   NEREID_TEST_RESULTS    TRX output folder          (default: artifacts/test-results)
#   NEREID_TEST_ARTIFACTS  screenshots, logs           (default: artifacts/test)
#   NEREID_TEST_FILTER     passed to dotnet test --filter
#   NEREID_TEST_TARGET     solution or project to build and test (default: Nereid.slnx)
#   NEREID_TEST_CONFIGURATION  build configuration   (default: Release, as deploy/Dockerfile)
#   NEREID_SKIP_INSTALL=1  skip the apt/npm phase
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

export DEBIAN_FRONTEND=noninteractive
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The test host gets only 100 ms by default to run exit handlers that stop PostgreSQL/Prometheus/Chromium.
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT=${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-10000}
TARGET=${NEREID_TEST_TARGET:-Nereid.slnx}
# Release, as deploy/Dockerfile builds the server: the container-layout test then publishes these very binaries
# (dotnet publish --no-build) instead of compiling the server a second time (about 190 s of the 2 cores).
CONFIGURATION=${NEREID_TEST_CONFIGURATION:-Release}
RESULTS=${NEREID_TEST_RESULTS:-$ROOT/artifacts/test-results}
export NEREID_TEST_ARTIFACTS=${NEREID_TEST_ARTIFACTS:-$ROOT/artifacts/test}

TOTAL_START=$SECONDS
PHASE_NAME=""
PHASE_START=0
phase() { PHASE_NAME=$1; PHASE_START=$SECONDS; echo "==> $PHASE_NAME"; }
phase_done() { echo "<== $PHASE_NAME: $((SECONDS - PHASE_START))s"; }

# Sums one attribute of <Counters .../> over every TRX file in the results folder.
trx_sum() {
    local attribute=$1
    find "$RESULTS" -name '*.trx' -print0 2>/dev/null \
        | xargs -0 -r grep -ho '<Counters [^>]*>' \
        | grep -o " $attribute=\"[0-9]*\"" \
        | grep -o '[0-9]*' \
        | awk '{ s += $1 } END { print s + 0 }'
}

if [ "${NEREID_SKIP_INSTALL:-0}" != "1" ]; then
    phase "install dependencies"
    bash scripts/install-prerequisites.sh
    phase_done
fi

phase "build"
build_rc=0
dotnet build "$TARGET" -c "$CONFIGURATION" --nologo -v minimal -clp:ErrorsOnly || build_rc=$?
phase_done

test_rc=0
if [ $build_rc -eq 0 ]; then
    phase "test"
    rm -rf "$RESULTS"
    mkdir -p "$RESULTS" "$NEREID_TEST_ARTIFACTS"
    filter_args=()
    if [ -n "${NEREID_TEST_FILTER:-}" ]; then filter_args=(--filter "$NEREID_TEST_FILTER"); fi
    # One test assembly at a time (-m:1): the browser and real-server suites are flaky when they fight for 2 cores.
    dotnet test "$TARGET" -c "$CONFIGURATION" --no-build --nologo -m:1 \
        --results-directory "$RESULTS" --logger trx \
        --blame-hang-timeout 20m --blame-hang-dump-type none \
        "${filter_args[@]}" </dev/null || test_rc=$?
    phase_done

    # The embedded default (SQLite) ran above; the server suite runs again on the scale-out database. Left out: the
    # browser suite (every page x role x width through axe), its audit's own test and the CSP browser test check rendering, which does not
    # depend on the database; the container-layout test runs the published server on PostgreSQL whatever the pass (as
    # deployment.yaml does), and so do the replica start-up and database/leader outage tests (each on a PostgreSQL of its
    # own), so a second run would repeat them exactly. The CLI-download tests and the kubectl run with only the downloaded
    # CLI on PATH publish the self-contained CLI (minutes of both cores) to test the binary, not the database; the
    # kubeconfig and token tests beside them still run on PostgreSQL. Once is enough for each.
    phase "test server suite on PostgreSQL"
    pg_filter="FullyQualifiedName!~Browser.PortalBrowserSuiteTests&FullyQualifiedName!~Browser.PageAuditTests&FullyQualifiedName!~Security.CspBrowserTests&FullyQualifiedName!~Deploy.ContainerLayoutTests&FullyQualifiedName!~Startup.ReplicaStartupTests&FullyQualifiedName!~Outages.DatabaseOutageTests&FullyQualifiedName!~Outages.LeaderOutageTests&FullyQualifiedName!~CliDownloads.CliDownloadTests&FullyQualifiedName!~Identity.KubeconfigTests.Kubeconfig_DownloadedCliAndKubeconfigOnly"
    if [ -n "${NEREID_TEST_FILTER:-}" ]; then pg_filter="($NEREID_TEST_FILTER)&$pg_filter"; fi
    NEREID_TEST_DATABASE=postgres dotnet test tests/Nereid.Server.FunctionalTests/Nereid.Server.FunctionalTests.csproj \
        -c "$CONFIGURATION" --no-build --nologo \
        --results-directory "$RESULTS/postgres" --logger trx \
        --blame-hang-timeout 20m --blame-hang-dump-type none \
        --filter "$pg_filter" </dev/null || test_rc=$?
    phase_done
fi

total=$(trx_sum total)
passed=$(trx_sum passed)
failed=$(( $(trx_sum failed) + $(trx_sum error) + $(trx_sum timeout) + $(trx_sum aborted) ))
skipped=$(( total - passed - failed ))
if [ $skipped -lt 0 ]; then skipped=0; fi

echo "total time: $((SECONDS - TOTAL_START))s; results: $RESULTS; artifacts: $NEREID_TEST_ARTIFACTS"
exit_code=0
if [ $build_rc -ne 0 ]; then
    echo "BUILD FAILED (exit code $build_rc); no tests ran"
    exit_code=1
elif [ $test_rc -ne 0 ] || [ "$failed" -gt 0 ]; then
    echo "TESTS FAILED (dotnet test exit code $test_rc)"
    exit_code=1
fi

summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then summary="$summary, $skipped skipped"; fi
echo "$summary"
exit $exit_code
