// Wrappers around the external validation tools installed by .ci/install-tools.sh.
// Node built-ins only. Every problem (tool missing, tool crash, unparsable output) throws:
// tests must fail loudly, never skip.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export type ToolName = 'kubeconform' | 'netpolicy' | 'checkov' | 'promtool' | 'kube-apiserver' | 'kube-apiserver-1.27' | 'etcd' | 'egctl' | 'envoy' | 'py-cdk8s';

/** Repo root: two levels above this file, else the nearest ancestor of cwd holding .ci/install-tools.sh. */
export function repoRoot(): string {
  if (typeof __dirname !== 'undefined') return path.resolve(__dirname, '..', '..');
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.ci', 'install-tools.sh'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`repo root not found above ${process.cwd()}`);
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Path of an installed tool: $TOOLS_BIN (default <repo>/.tools/bin) first, then PATH. */
export function toolPath(name: ToolName): string {
  const dirs = [process.env.TOOLS_BIN || path.join(repoRoot(), '.tools', 'bin'),
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(`${name} not found: run .ci/install-tools.sh (looked in ${dirs[0]} and PATH)`);
}

/** Keycloak Operator CRD schema folders of the shared schemas (`crd-jsonschema/keycloak-<version>/`). */
export type KeycloakSchemaVersion = '26.8.0' | '26.7.2';
export const DEFAULT_KEYCLOAK_SCHEMAS: KeycloakSchemaVersion = '26.8.0';

/** Offline schema set ($ZT_SCHEMAS_DIR, default <repo>/../shared/schemas). */
export function schemasDir(): string {
  const dir = path.resolve(process.env.ZT_SCHEMAS_DIR || path.join(repoRoot(), '..', 'shared', 'schemas'));
  if (!fs.existsSync(path.join(dir, 'k8s-1.27'))) {
    throw new Error(`schemas not found: ${dir}/k8s-1.27 is missing (set ZT_SCHEMAS_DIR to the shared/schemas folder)`);
  }
  return dir;
}

/** Runs a tool; exit codes in `okCodes` are accepted (stdout is returned), anything else throws. */
function run(name: ToolName, args: string[], okCodes: number[] = [0], failOnStderr = false): string {
  const bin = toolPath(name);
  const res = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (res.error) throw new Error(`${name} failed to start: ${res.error.message}`);
  if (res.status === null || !okCodes.includes(res.status) || (failOnStderr && res.stderr.trim() !== '')) {
    throw new Error(`${name} ${args.join(' ')} exited with ${res.status ?? res.signal}${failOnStderr && res.status === 0 ? ' but wrote to stderr' : ''}\n${res.stderr}\n${res.stdout}`.trim());
  }
  return res.stdout;
}

function parseJson<T>(name: ToolName, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`${name}: output is not JSON (${(e as Error).message}):\n${text.slice(0, 2000)}`);
  }
}

// ---------------------------------------------------------------- kubeconform

export type KubeconformStatus = 'statusValid' | 'statusInvalid' | 'statusError' | 'statusSkipped' | 'statusEmpty';

export interface KubeconformResource {
  filename: string;
  kind: string;
  name: string;
  /** apiVersion of the object */
  version: string;
  status: KubeconformStatus;
  msg: string;
  validationErrors?: Array<{ path: string; msg: string }>;
}

export interface KubeconformResult {
  valid: number;
  invalid: number;
  /** errors other than a missing schema (kubeconform's own summary.errors = errors + missing) */
  errors: number;
  skipped: number;
  /** resources whose schema was found in no location ("could not find schema for X") */
  missing: number;
  /** every resource (valid ones too: runs with -verbose), sorted by filename/kind/namespace-less name */
  resources: KubeconformResource[];
}

const MISSING_SCHEMA = /^could not find schema for /;

/**
 * Validates manifests with kubeconform -strict against the offline schemas (see shared/schemas/README.md):
 * built-in k8s 1.27 kinds, then (optionally) the Linkerd version-2.20 CRDs, then the Keycloak Operator's
 * (26.8.0 unless asked for 26.7.2), then the generic CRD schemas.
 * Missing schemas are counted, never ignored.
 */
export function runKubeconform(files: string[], opts: { linkerd220?: boolean; keycloak?: KeycloakSchemaVersion } = {}): KubeconformResult {
  if (files.length === 0) throw new Error('runKubeconform: no files given');
  const s = schemasDir();
  const locations = [
    `${s}/k8s-1.27/v1.27.5-standalone-strict/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
    ...(opts.linkerd220 ? [`${s}/crd-jsonschema/linkerd-version-2.20/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`] : []),
    // Before the generic folder, which holds the Keycloak Operator 26.0 schemas (v2alpha1 only).
    `${s}/crd-jsonschema/keycloak-${opts.keycloak ?? DEFAULT_KEYCLOAK_SCHEMAS}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
    `${s}/crd-jsonschema/prometheus-operator-0.85.0/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
    // The edge: Gateway API and Envoy Gateway (their kinds and versions do not collide with Linkerd's).
    `${s}/crd-jsonschema/gateway-api-1.6.1/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
    `${s}/crd-jsonschema/envoy-gateway-1.9.1/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
    `${s}/crd-jsonschema/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
  ];
  const args = ['-strict', '-summary', '-verbose', '-output', 'json',
    ...locations.flatMap((l) => ['-schema-location', l]), ...files];
  // exit 1 = some resource invalid/errored; the JSON still describes everything
  const out = parseJson<{ resources: KubeconformResource[] | null; summary: Record<string, number> }>(
    'kubeconform', run('kubeconform', args, [0, 1]));
  const resources = [...(out.resources ?? [])].sort((a, b) =>
    a.filename.localeCompare(b.filename) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  const count = (pred: (r: KubeconformResource) => boolean) => resources.filter(pred).length;
  const missing = count((r) => r.status === 'statusError' && MISSING_SCHEMA.test(r.msg));
  return {
    valid: count((r) => r.status === 'statusValid'),
    invalid: count((r) => r.status === 'statusInvalid'),
    errors: count((r) => r.status === 'statusError') - missing,
    skipped: count((r) => r.status === 'statusSkipped'),
    missing,
    resources,
  };
}

// ---------------------------------------------------------------- netpol-analyzer

export interface NetpolConnection {
  /** e.g. "frontend/web[Deployment]" or "0.0.0.0-255.255.255.255" (see parseNetpolEndpoint) */
  src: string;
  dst: string;
  /** e.g. "All Connections", "TCP 4143,8080", "SCTP 9,TCP 53,80,1000-2000,UDP 53" (see parseNetpolConn) */
  conn: string;
}

/**
 * Allowed connectivity from the manifests in `dir` (`netpolicy list --dirpath <dir> -o json -q`).
 * An unparsable file is only logged (exit 0) and left out of the analysis, so any stderr output is an
 * error here: -q silences warnings, errors are always logged. (Don't use --fail: in v1.4.4 it makes a
 * successful run print [] with exit 0.) Only workloads present in the input appear (Namespace objects
 * are not needed); pairs with no allowed connection are omitted.
 */
export function runNetpolAnalyzer(dir: string): NetpolConnection[] {
  if (!fs.statSync(dir).isDirectory()) throw new Error(`runNetpolAnalyzer: ${dir} is not a directory`);
  return parseJson<NetpolConnection[] | null>('netpolicy',
    run('netpolicy', ['list', '--dirpath', dir, '-o', 'json', '-q'], [0], true)) ?? [];
}

/** Protocol ("TCP" | "UDP" | "SCTP") -> sorted, merged, inclusive port ranges. */
export type PortRanges = { [protocol: string]: Array<[number, number]> };

export const NETPOL_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
const ALL_PORTS: [number, number] = [1, 65535];

/** Capture group `i` of a regexp match ('' if it did not participate). */
const grp = (m: RegExpExecArray, i: number): string => m[i] ?? '';

/** Sorts and merges overlapping/adjacent ranges. */
export function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/**
 * Parses netpolicy's connection string. The tool prints "All Connections" (= TCP, UDP and SCTP on 1-65535),
 * "No Connections" (diff/explain output), or protocol groups sorted by name and joined by "," exactly like
 * the ports inside a group: "SCTP 9,TCP 53,80,1000-2000,UDP 53". A token starting with a protocol name
 * opens a new group. ";" is accepted as a separator too.
 */
export function parseNetpolConn(conn: string): PortRanges {
  const text = conn.trim();
  if (text === 'All Connections') return Object.fromEntries(NETPOL_PROTOCOLS.map((p) => [p, [[...ALL_PORTS]]]));
  if (text === 'No Connections' || text === '') return {};
  const acc: { [protocol: string]: Array<[number, number]> } = {};
  let current: string | undefined;
  for (const raw of text.split(/[,;]/)) {
    let token = raw.trim();
    const head = /^([A-Za-z]+)\s+(.*)$/.exec(token);
    if (head) {
      current = grp(head, 1).toUpperCase();
      token = grp(head, 2).trim();
    }
    if (!current) throw new Error(`parseNetpolConn: no protocol before "${raw}" in "${conn}"`);
    const list = (acc[current] ??= []);
    const m = /^(\d+)(?:-(\d+))?$/.exec(token);
    if (token === 'ALL PORTS') list.push([...ALL_PORTS]);
    else if (m) list.push([Number(m[1]), Number(m[2] ?? m[1])]); // "80" or "1000-2000"
    else throw new Error(`parseNetpolConn: cannot parse "${raw}" in "${conn}"`);
  }
  return Object.fromEntries(Object.entries(acc).sort(([a], [b]) => a.localeCompare(b))
    .map(([p, r]) => [p, mergeRanges(r)]));
}

export type NetpolEndpoint =
  | { namespace: string; name: string; kind: string }
  /** ipRange as printed ("10.0.0.0-10.0.255.255", several joined by ","); ranges = [first, last] IPs */
  | { ipRange: string; ranges: Array<[string, string]> }
  /** fake peers, e.g. "{ingress-controller}" for Ingress/Route analysis */
  | { special: string };

const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const IP_RANGE = new RegExp(`^${IPV4}-${IPV4}$`);

/** Parses a netpolicy endpoint: "ns/name[Kind]", an IPv4 range list, or "{special}". */
export function parseNetpolEndpoint(s: string): NetpolEndpoint {
  const w = /^([^/\s]+)\/([^[\s]+)\[([^\]]+)\]$/.exec(s);
  if (w) return { namespace: grp(w, 1), name: grp(w, 2), kind: grp(w, 3) };
  const parts = s.split(',').map((p) => p.trim());
  if (parts.every((p) => IP_RANGE.test(p))) {
    return { ipRange: s, ranges: parts.map((p) => p.split('-') as [string, string]) };
  }
  const f = /^\{(.+)\}$/.exec(s);
  if (f) return { special: grp(f, 1) };
  throw new Error(`parseNetpolEndpoint: unrecognized endpoint "${s}"`);
}

// ---------------------------------------------------------------- checkov

export interface CheckovFinding {
  checkId: string;
  checkName: string;
  /** "Kind.namespace.name", e.g. "Deployment.frontend.web" */
  resource: string;
  file: string;
  lines: [number, number];
}

export interface CheckovResult {
  passed: number;
  failed: number;
  skipped: number;
  resourceCount: number;
  failedChecks: CheckovFinding[];
  /** NB: checkov 3.3.30 silently skips unparsable YAML (not listed here): assert on resourceCount too */
  parsingErrors: string[];
}

/**
 * `checkov -d <dir> --framework kubernetes -o json --quiet --compact --skip-download` (offline; --quiet drops
 * passed checks from the JSON, the summary still counts them). Exit 1 with JSON = failed checks.
 */
export function runCheckov(dir: string): CheckovResult {
  if (!fs.statSync(dir).isDirectory()) throw new Error(`runCheckov: ${dir} is not a directory`);
  interface Summary { passed: number; failed: number; skipped: number; resource_count: number }
  interface Report {
    summary: Summary;
    results?: {
      failed_checks?: Array<{ check_id: string; check_name: string; resource: string; file_path: string; file_line_range: [number, number] }>;
      parsing_errors?: string[];
    };
  }
  const args = ['-d', dir, '--framework', 'kubernetes', '-o', 'json', '--quiet', '--compact', '--skip-download'];
  const raw = parseJson<Report | Summary | Report[]>('checkov', run('checkov', args, [0, 1]));
  // one framework -> one report object; no resources at all -> a bare summary object
  const report = Array.isArray(raw) ? raw[0] : 'summary' in raw ? raw : { summary: raw };
  if (!report) throw new Error('checkov: empty JSON report list');
  return {
    passed: report.summary.passed,
    failed: report.summary.failed,
    skipped: report.summary.skipped,
    resourceCount: report.summary.resource_count,
    failedChecks: (report.results?.failed_checks ?? []).map((c) => ({
      checkId: c.check_id,
      checkName: c.check_name,
      resource: c.resource,
      file: c.file_path,
      lines: c.file_line_range,
    })),
    parsingErrors: report.results?.parsing_errors ?? [],
  };
}

// ---------------------------------------------------------------- promtool

/** Runs promtool (`check rules`, `test rules`); throws with its whole output unless it exits 0. */
export function runPromtool(args: string[]): string {
  return run('promtool', args);
}
