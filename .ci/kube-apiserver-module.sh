#!/usr/bin/env bash
# Writes a small Go main module that builds k8s.io/kubernetes/cmd/kube-apiserver from the Go module proxy.
#   usage: .ci/kube-apiserver-module.sh <kubernetes version, e.g. v1.30.14> <output dir>
# k8s.io/kubernetes is not meant to be required as a module: its go.mod points every staging module
# (k8s.io/api, k8s.io/apiserver, ...) at ./staging/src/... and requires them as v0.0.0. A main module
# that requires it must therefore replace each of them with the published module of the matching
# version (v1.X.Y -> v0.X.Y). The list is read from that version's own go.mod, so it is always complete.
set -euo pipefail
version=${1:?kubernetes version (v1.X.Y)}
out=${2:?output dir}
[[ $version =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || { echo "not a v1.X.Y version: $version" >&2; exit 2; }
staging_version="v0.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"

mkdir -p "$out"
cd "$out"
# The go.mod of k8s.io/kubernetes itself (the .mod file only, not the source zip).
json=$(GOFLAGS= GOWORK=off go mod download -json "k8s.io/kubernetes@$version")
gomod=$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
[[ -f $gomod ]] || { echo "go mod download gave no GoMod: $json" >&2; exit 1; }
mapfile -t staging < <(sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\) => \./staging/.*#\1#p' "$gomod" | sort -u)
((${#staging[@]} > 10)) || { echo "found only ${#staging[@]} staging modules in $gomod" >&2; exit 1; }

{
  echo "module zero-trust-tools/kube-apiserver"
  echo
  echo "go $(sed -n 's/^go \([0-9.]*\)$/\1/p' "$gomod")"
  echo
  echo "require k8s.io/kubernetes $version"
  echo
  echo "replace ("
  for m in "${staging[@]}"; do echo "	$m => $m $staging_version"; done
  echo ")"
} >go.mod
cat >tools.go <<'GO'
//go:build tools

// Package tools pins the kube-apiserver command as a dependency of this module.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
echo "[kube-apiserver-module] $out: k8s.io/kubernetes $version with ${#staging[@]} staging replaces ($staging_version)" >&2
