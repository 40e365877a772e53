import { ZeroTrustBlueprintProps } from '../../lib';
import { declaredEdgeProxy } from './edge-proxy';
import { roleHolders } from './role-closure';

/**
 * The pod-to-pod connectivity a blueprint declares, derived from the blueprint text alone (not from the
 * library's model or planner), as `caller -> target` => sorted `PROTO/port` list. This is what the
 * synthesized NetworkPolicies must allow, nothing more. Outside workloads are callers named
 * `<namespace>/<serviceAccount>`; admin networks and the internet are addresses, not pods (see
 * `declaredExternalIngress`). With an edge, the edge service's calls to an exposed API's port are made by
 * the edge's proxy pods (an outside workload, meshed), which also fetch the JWKS from Keycloak's `https`.
 */
export function declaredConnectivity(props: ZeroTrustBlueprintProps): Map<string, string[]> {
  const zones = new Map((props.zones ?? [{ name: 'dmz' }, { name: 'app' }, { name: 'data' }, { name: 'management' }]).map((z) => [z.name, z]));
  const meshed = (name: string) => {
    const s = props.services.find((x) => x.name === name)!;
    return s.meshed ?? zones.get(s.zone)?.meshed ?? true;
  };
  const result = new Map<string, Set<string>>();
  const allow = (caller: string, target: string, ports: string[]) => {
    const key = `${caller} -> ${target}`;
    const set = result.get(key) ?? new Set<string>();
    ports.forEach((p) => set.add(p));
    result.set(key, set);
  };
  const portList = (target: (typeof props.services)[number], names?: string[]) => (target.ports ?? [])
    .filter((p) => !names || names.includes(p.name))
    .map((p) => `${p.protocol ?? 'TCP'}/${p.targetPort ?? p.port}`);
  // Linkerd proxies TCP only: the proxy port comes with a call between two meshed workloads that uses TCP.
  const withProxy = (caller: string, target: string, ports: string[]) =>
    (meshed(caller) && meshed(target) && ports.some((p) => p.startsWith('TCP/')) ? [...ports, 'TCP/4143'] : ports);

  const edge = declaredEdgeProxy(props);
  const tcp = (ports: string[]) => ports.some((p) => p.startsWith('TCP/'));
  for (const target of props.services) {
    const apiPort = edge?.apiPorts.get(target.name);
    for (const from of target.allowFrom ?? []) {
      const callers = from.service ? [from.service]
        : from.zone ? props.services.filter((s) => s.zone === from.zone && s.name !== target.name && !(from.except ?? []).includes(s.name)).map((s) => s.name)
          : from.roles ? roleHolders(props, props.services, from.roles).filter((s) => s !== target.name) : [];
      for (const caller of callers) {
        const names = (target.ports ?? []).map((p) => p.name).filter((n) => !from.ports || from.ports.includes(n));
        if (edge && caller === edge.edgeService && apiPort && names.includes(apiPort)) {
          // The edge's call to the API's port is its proxy's; the edge service keeps its other ports.
          const proxied = portList(target, [apiPort]);
          allow(edge.key, target.name, meshed(target.name) && tcp(proxied) ? [...proxied, 'TCP/4143'] : proxied);
          const rest = names.filter((n) => n !== apiPort);
          if (rest.length > 0) allow(caller, target.name, withProxy(caller, target.name, portList(target, rest)));
          continue;
        }
        allow(caller, target.name, withProxy(caller, target.name, portList(target, from.ports)));
      }
      // An outside workload, keyed `<namespace>/<serviceAccount>`: 4143 when it is meshed (the default).
      if (from.workload) {
        const ports = portList(target, from.ports);
        const proxied = (from.workload.meshed ?? true) && meshed(target.name) && ports.some((p) => p.startsWith('TCP/'));
        allow(`${from.workload.namespace}/${from.workload.serviceAccount}`, target.name, proxied ? [...ports, 'TCP/4143'] : ports);
      }
    }
  }
  if (edge?.jwks && props.services.some((s) => s.name === edge.jwks!.service)) {
    const keycloak = props.services.find((s) => s.name === edge.jwks!.service)!;
    const ports = portList(keycloak, [edge.jwks.port]);
    allow(edge.key, keycloak.name, meshed(keycloak.name) && tcp(ports) ? [...ports, 'TCP/4143'] : ports);
  }
  for (const scraper of props.services.filter((s) => s.metricsScraper)) {
    for (const target of props.services.filter((s) => s.name !== scraper.name)) {
      const metrics = (target.ports ?? []).filter((p) => p.metrics).map((p) => p.name);
      if (metrics.length > 0) {
        allow(scraper.name, target.name, withProxy(scraper.name, target.name, portList(target, metrics)));
      }
      if (meshed(target.name)) {
        allow(scraper.name, target.name, ['TCP/4191']);
      }
    }
  }
  return new Map([...result].map(([k, v]) => [k, [...v].sort()]));
}

/** Expands analyzer port ranges into the same `PROTO/port` form (ranges of declared flows are small). */
export function expandPorts(ports: { protocol: string; ranges: { from: number; to: number }[] }[]): string[] {
  const out: string[] = [];
  for (const { protocol, ranges } of ports) {
    for (const { from, to } of ranges) {
      if (to - from > 1000) {
        out.push(`${protocol}/${from}-${to}`);
        continue;
      }
      for (let p = from; p <= to; p++) {
        out.push(`${protocol}/${p}`);
      }
    }
  }
  return out.sort();
}


/** The address ranges each service declares it is reached from (internet and admin networks), as `cidr PROTO/port,...`. */
export function declaredExternalIngress(props: ZeroTrustBlueprintProps): Map<string, string[]> {
  const networks = new Map((props.adminNetworks ?? []).map((n) => [n.name, n.cidrs]));
  const result = new Map<string, string[]>();
  for (const target of props.services) {
    const lines: string[] = [];
    for (const from of target.allowFrom ?? []) {
      const cidrs = from.internet ? from.cidrs ?? ['0.0.0.0/0', '::/0'] : from.adminNetwork ? networks.get(from.adminNetwork) ?? [] : [];
      const ports = (target.ports ?? []).filter((p) => !from.ports || from.ports.includes(p.name)).map((p) => `${p.protocol ?? 'TCP'}/${p.targetPort ?? p.port}`).sort();
      cidrs.forEach((c) => lines.push(`${c} ${ports.join(',')}`));
    }
    if (lines.length > 0) {
      result.set(target.name, lines.sort());
    }
  }
  return result;
}
