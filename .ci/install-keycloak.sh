#!/usr/bin/env bash
# Installs the Keycloak server distribution used by the integration tests.
# Source: Maven Central (org.keycloak:keycloak-quarkus-dist), the only place this
# project's machines can download from. Idempotent; prints KEYCLOAK_HOME on stdout.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The version lives in one file, also read by test/integration/keycloak/keycloak-server.ts.
version="$(tr -d '[:space:]' < "$repo_root/test/integration/keycloak/KEYCLOAK_VERSION")"
cache="${KEYCLOAK_CACHE:-$HOME/.cache/cdk8s-zero-trust/keycloak}"
home="$cache/keycloak-$version"

if [[ -x "$home/bin/kc.sh" ]]; then
  echo "$home"
  exit 0
fi

command -v mvn >/dev/null || { echo "install-keycloak: mvn not found" >&2; exit 1; }
command -v unzip >/dev/null || { echo "install-keycloak: unzip not found" >&2; exit 1; }
mkdir -p "$cache"

# Unpack into a staging dir and rename at the end, so an interrupted run never
# leaves a half-unpacked home that the check above would accept.
staging="$(mktemp -d "$cache/.staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

# Run mvn from the staging dir so no project pom.xml is picked up.
(cd "$staging" && mvn -B -q dependency:copy \
  -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" \
  -DoutputDirectory="$staging" >&2)

unzip -q "$staging/keycloak-quarkus-dist-$version.zip" -d "$staging"
mv "$staging/keycloak-$version" "$home"
echo "$home"
