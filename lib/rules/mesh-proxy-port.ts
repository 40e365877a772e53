import { meshPods } from '../analysis/mesh-workloads';
import { ProtocolPorts, ReachabilityAnalyzer } from '../analysis/reachability';
import { resourceId } from './manifest-objects';
import { Rule, RuleSeverity, RuleViolation } from './rule';

const PROXY_INBOUND = 4143;
/** Ports iptables never redirects to the proxy: its inbound port, its admin port and 4190 (tap). */
const NEVER_REDIRECTED = [PROXY_INBOUND, 4190, 4191];
const SKIP_INBOUND = 'config.linkerd.io/skip-inbound-ports';
const SKIP_OUTBOUND = 'config.linkerd.io/skip-outbound-ports';

/**
 * Between two meshed pods the caller's proxy connects to the target proxy's inbound port 4143, not to
 * the port the application dialled: NetworkPolicies that allow the port but not 4143 (in the caller's
 * egress and in the target's ingress) break the connection once both are meshed.
 */
export const MESH_PROXY_PORT: Rule = {
  id: 'ZT-RULE-004',
  name: 'mesh-proxy-port',
  severity: RuleSeverity.ERROR,
  description: 'Where NetworkPolicies allow a meshed workload to call another meshed workload on a TCP port, they also allow the Linkerd proxy inbound port 4143 both ways (caller egress, target ingress).',
  fix: 'Add TCP 4143 to the caller\'s egress rule and to the target\'s ingress rule that allow the connection (the blueprint does this for declared flows).',
  check(objects: readonly any[]): RuleViolation[] {
    const pods = meshPods(objects, 'linkerd').filter((p) => p.meshed);
    if (pods.length < 2) {
      return [];
    }
    const byKey = new Map(objects.map((o) => [`${o?.kind}/${o?.metadata?.namespace ?? 'default'}/${o?.metadata?.name}`, o]));
    const meshed = new Map(pods.map((p) => [`${p.kind}/${p.namespace}/${p.name}`, p]));
    const analyzer = ReachabilityAnalyzer.fromManifests([...objects]);
    const out: RuleViolation[] = [];
    for (const src of pods) {
      const skipOut = skipPorts(objectAnnotation(byKey.get(`${src.kind}/${src.namespace}/${src.name}`), SKIP_OUTBOUND));
      for (const reach of analyzer.reachableFromWorkload({ namespace: src.namespace, name: src.name, kind: src.kind })) {
        const dst = meshed.get(`${reach.destination.kind}/${reach.destination.namespace}/${reach.destination.name}`);
        if (!dst) {
          continue;
        }
        const skipped = [...NEVER_REDIRECTED, ...skipOut, ...skipPorts(objectAnnotation(byKey.get(`${dst.kind}/${dst.namespace}/${dst.name}`), SKIP_INBOUND))];
        const proxied = tcpPortsOutside(reach.ports, skipped);
        if (proxied.length > 0 && !tcpContains(reach.ports, PROXY_INBOUND)) {
          const object = byKey.get(`${src.kind}/${src.namespace}/${src.name}`);
          out.push({
            object,
            path: '',
            message: `${resourceId(object)} may call ${dst.kind} ${dst.namespace}/${dst.name} on TCP ${proxied.join(',')} (both meshed), but the NetworkPolicies do not allow the proxy inbound port 4143 between them (${reach.summary})`,
          });
        }
      }
    }
    return out;
  },
};

/** The pod template annotation of a workload object (a `Keycloak` CR's pod template is under `spec.unsupported`). */
function objectAnnotation(object: any, key: string): string | undefined {
  const template = object?.kind === 'Pod' ? object : object?.spec?.template ?? object?.spec?.jobTemplate?.spec?.template ?? object?.spec?.unsupported?.podTemplate;
  return template?.metadata?.annotations?.[key];
}

/** `25,587,1000-2000` as a list of port numbers (ranges expanded up to 65535 entries). */
function skipPorts(annotation: string | undefined): number[] {
  return (annotation ?? '').split(',').map((s) => s.trim()).filter(Boolean).flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    const end = to ?? from;
    return Number.isInteger(from) && Number.isInteger(end) && from <= end ? Array.from({ length: end - from + 1 }, (_, i) => from + i) : [];
  });
}

/** Up to a few TCP ports (or ranges) of `ports` that are not in `skipped`, as `8080` / `1000-2000`. */
function tcpPortsOutside(ports: ProtocolPorts[], skipped: readonly number[]): string[] {
  const skip = new Set(skipped);
  const out: string[] = [];
  for (const { from, to } of ports.find((p) => p.protocol === 'TCP')?.ranges ?? []) {
    if (to - from > 64) {
      out.push(`${from}-${to}`);
      continue;
    }
    for (let port = from; port <= to; port++) {
      if (!skip.has(port)) {
        out.push(String(port));
      }
    }
  }
  return out;
}

function tcpContains(ports: ProtocolPorts[], port: number): boolean {
  return (ports.find((p) => p.protocol === 'TCP')?.ranges ?? []).some((r) => r.from <= port && port <= r.to);
}
