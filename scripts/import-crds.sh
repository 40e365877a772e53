#!/usr/bin/env bash
# Regenerates the typed CRD classes in lib/imports/ with `cdk8s import`.
#
# cdk8s writes one module per API group (lib/imports/<group>.ts). Importing two files of the same
# group one after the other makes the second overwrite the first, so every group is imported from
# ONE combined file that holds all of its CRDs. The combined files are built in a temporary
# directory at import time; the CRD sources stay where they are (ZT_SCHEMAS_DIR, by default
# ../shared/schemas next to the repository).
#
# Usage: scripts/import-crds.sh            # all groups
#        scripts/import-crds.sh GROUP...   # only the named groups, e.g. policy.linkerd.io
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCHEMAS="${ZT_SCHEMAS_DIR:-$ROOT/../shared/schemas}"
OUTPUT="lib/imports"

# One line per API group: "<group> <CRD files, globs relative to $SCHEMAS/crds>".
# The group becomes the module lib/imports/<group>.ts.
CRD_GROUPS=(
  "policy.linkerd.io linkerd-version-2.20/policy.linkerd.io_*.yaml"
  "cert-manager.io cert-manager/cert-manager.io_*.yaml"
  "trust.cert-manager.io trust-manager/trust.cert-manager.io_*.yaml"
  "k8s.keycloak.org keycloak-26.8.0/*.k8s.keycloak.org-v1.yml"
  "monitoring.coreos.com prometheus-operator-0.85.0/monitoring.coreos.com_prometheusrules.yaml"
  "gateway.networking.k8s.io gateway-api-1.6.1/gateway.networking.k8s.io_*.yaml"
  "gateway.envoyproxy.io envoy-gateway-1.9.1/gateway.envoyproxy.io_*.yaml"
)

# Groups whose CRDs serve several versions with the same schema: import only this one, so the typed
# module is not twice as large. The Keycloak Operator's v2alpha1 (deprecated since 26.6) has the schema of
# v2beta1; the library writes the older apiVersion itself when a blueprint asks for it.
declare -A ONLY_VERSION=(
  [k8s.keycloak.org]=v2beta1
)

if [ ! -d "$SCHEMAS/crds" ]; then
  echo "import-crds: no CRD directory at $SCHEMAS/crds (set ZT_SCHEMAS_DIR to the shared schemas)" >&2
  exit 1
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
for entry in "${CRD_GROUPS[@]}"; do
  read -r group patterns <<<"$entry"
  if [ "$#" -gt 0 ] && [[ " $* " != *" $group "* ]]; then
    continue
  fi
  combined="$WORK/$group.yaml"
  : >"$combined"
  count=0
  for pattern in $patterns; do
    for file in "$SCHEMAS"/crds/$pattern; do
      if [ ! -f "$file" ]; then
        echo "import-crds: $group: no file matches crds/$pattern" >&2
        exit 1
      fi
      printf -- '---\n' >>"$combined"
      cat "$file" >>"$combined"
      printf '\n' >>"$combined"
      count=$((count + 1))
    done
  done
  if [ -n "${ONLY_VERSION[$group]:-}" ]; then
    node -e '
      const fs = require("fs"); const YAML = require("yaml");
      const [file, version] = process.argv.slice(1);
      const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJS()).filter(Boolean);
      for (const crd of docs) {
        crd.spec.versions = crd.spec.versions.filter((v) => v.name === version);
        if (crd.spec.versions.length !== 1) { console.error(`import-crds: ${crd.metadata.name} serves no ${version}`); process.exit(1); }
      }
      fs.writeFileSync(file, docs.map((d) => "---\n" + YAML.stringify(d)).join(""));
    ' "$combined" "${ONLY_VERSION[$group]}"
  fi
  echo "import-crds: $group ($count CRDs) -> $OUTPUT/$group.ts"
  # --no-save: cdk8s.yaml cannot name a combined file (see the comment there).
  npx --no-install cdk8s import "$combined" --output "$OUTPUT" --language typescript --no-save --no-check-upgrade
  # Fail when the combined file produced modules of other groups (a wrong glob).
  if [ ! -f "$OUTPUT/$group.ts" ]; then
    echo "import-crds: cdk8s did not write $OUTPUT/$group.ts: do the files declare group $group?" >&2
    exit 1
  fi
done
