#!/usr/bin/env bash
# Installs (idempotently) what the tests and benchmarks need beyond the .NET SDK on Debian 12.
# Usage: scripts/install-prerequisites.sh [postgresql] [chromium] [prometheus] [node] [oidc-client] [jupyterhub] [slurm]   (no argument: all of them)
#   postgresql  PostgreSQL server binaries (initdb, pg_ctl under /usr/lib/postgresql/<major>/bin)
#   chromium    headless Chromium for the browser tests and the auth-token benchmark (+ fonts-liberation)
#   prometheus  prometheus and promtool
#   node        nodejs + npm, and `npm install` in tests/oidc-provider (the test OpenID provider)
#   oidc-client nodejs + npm, and `npm install` in tests/oidc-client (npm openid-client 6.8.9, the relying party that drives
#               Nereid's own provider in the functional tests)
#   jupyterhub  Debian's jupyterhub 3.0 and python3-notebook, and `npm install` in tests/jupyterhub (configurable-http-proxy 5.3.0:
#               Debian's proxy fails under this Node with "Cannot find module 'commander'")
#   slurm       Slurm 22.05 (slurmctld, slurmd, slurmdbd, slurmrestd, client commands, the JWT auth plugin), munge and
#               MariaDB for the Slurm harness (tests/Nereid.TestSupport/Slurm); nothing is started or enabled here
# Called by scripts/test.sh and by bench/Nereid.Bench before a scenario that lacks something.
# Needs root or sudo only when a package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo env DEBIAN_FRONTEND=noninteractive "$@"
    else
        echo "error: need root or sudo to run: $*" >&2
        return 1
    fi
}

installed() { dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'; }

wanted=("$@")
if [ ${#wanted[@]} -eq 0 ]; then wanted=(postgresql chromium prometheus node oidc-client jupyterhub slurm); fi
wants() { local w; for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }
for w in "${wanted[@]}"; do
    case "$w" in
        postgresql|chromium|prometheus|node|oidc-client|jupyterhub|slurm) ;;
        *) echo "error: unknown prerequisite '$w' (known: postgresql chromium prometheus node oidc-client jupyterhub slurm)" >&2; exit 64 ;;
    esac
done

install_system_packages() {
    local missing=()
    if wants postgresql && { ! installed postgresql || [ ! -x /usr/lib/postgresql/15/bin/initdb ]; }; then missing+=(postgresql); fi
    if wants chromium && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium fonts-liberation); fi
    if wants prometheus && { ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; }; then missing+=(prometheus); fi
    if wants node && [ -f tests/oidc-provider/package.json ] && { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; }; then missing+=(nodejs npm); fi
    if wants oidc-client && { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; }; then missing+=(nodejs npm); fi
    if wants jupyterhub && { ! installed jupyterhub || ! installed python3-notebook; }; then missing+=(jupyterhub python3-notebook); fi
    if wants jupyterhub && { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; }; then missing+=(nodejs npm); fi
    if wants slurm; then
        local p
        for p in slurm-wlm slurmdbd slurmrestd slurm-client slurm-wlm-jwt-plugin munge mariadb-server; do
            installed "$p" || missing+=("$p")
        done
    fi
    if [ ${#missing[@]} -eq 0 ]; then
        echo "system packages: all present"
        return 0
    fi
    echo "system packages: installing ${missing[*]}"
    as_root apt-get update -q
    as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_npm_packages() {
    if [ -f tests/oidc-provider/package.json ]; then
        (cd tests/oidc-provider && npm install --no-audit --no-fund)
    else
        echo "npm packages: tests/oidc-provider/package.json absent, nothing to install"
    fi
}

install_oidc_client() {
    (cd tests/oidc-client && npm install --no-audit --no-fund)
}

install_hub_proxy() {
    (cd tests/jupyterhub && npm install --no-audit --no-fund)
}

install_system_packages
if wants node; then install_npm_packages; fi
if wants oidc-client; then install_oidc_client; fi
if wants jupyterhub; then install_hub_proxy; fi
