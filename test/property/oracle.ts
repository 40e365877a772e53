import type { FlowSourceProps, ServicePortProps, ServiceProps, ZeroTrustBlueprintProps } from '../../lib';
import { roleHolders } from '../support/role-closure';

// The oracle: what a blueprint declares, derived from its text alone, by the documented rules (README
// "What the NetworkPolicies allow", docs/mesh.md), never from the library's model. Written independently
// of the planner and the mesh builder so that a shared mistake cannot hide.

const DEFAULT_ZONES = ['dmz', 'app', 'data', 'management'].map((name) => ({ name } as { name: string; namespace?: string; meshed?: boolean }));
const DEFAULT_INTERNET = ['0.0.0.0/0', '::/0'];
export const PROXY_INBOUND = 'TCP/4143';
export const PROXY_ADMIN = 4191;
export const CONTROL_PLANE = ['TCP/8080', 'TCP/8086', 'TCP/8090'];

export interface DeclaredService {
  readonly name: string;
  readonly namespace: string;
  readonly meshed: boolean;
  readonly serviceAccount: string;
  readonly props: ServiceProps;
}

/** One (target, port) and who may call it. */
export interface DeclaredPort {
  readonly target: DeclaredService;
  readonly port: ServicePortProps;
  readonly targetPort: number;
  readonly protocol: string;
  /** Services allowed on the port (service, zone and role callers; the scraper on metrics ports). */
  readonly callers: Set<string>;
  /** Address ranges allowed on the port: internet flows, admin networks, unmeshed callers' `callerCidrs` and `cidrs`. */
  readonly cidrs: string[];
  /** Outside workloads allowed on the port, as `namespace/serviceAccount`. */
  readonly workloads: Set<string>;
}

export class Oracle {
  public readonly services: DeclaredService[];
  public readonly ports: DeclaredPort[];
  public readonly scraper?: DeclaredService;
  private readonly byName: Map<string, DeclaredService>;

  constructor(public readonly props: ZeroTrustBlueprintProps) {
    const zones = new Map((props.zones ?? DEFAULT_ZONES).map((z) => [z.name, z]));
    this.services = props.services.map((s) => {
      const zone = zones.get(s.zone);
      return {
        name: s.name,
        namespace: zone?.namespace ?? s.zone,
        meshed: s.meshed ?? zone?.meshed ?? true,
        serviceAccount: s.serviceAccount?.name ?? s.name,
        props: s,
      };
    });
    this.byName = new Map(this.services.map((s) => [s.name, s]));
    this.scraper = this.services.find((s) => s.props.metricsScraper);
    this.ports = this.services.flatMap((target) => (target.props.ports ?? []).map((port) => this.declaredPort(target, port)));
  }

  public service(name: string): DeclaredService {
    return this.byName.get(name)!;
  }

  /**
   * Pod-to-pod connectivity between the blueprint's services as `caller -> target` => sorted
   * `PROTO/port`: the declared ports, the proxy's inbound port 4143 between two meshed workloads when
   * the call is TCP (Linkerd proxies TCP only), the scraper's metrics ports and the proxy admin port
   * 4191 of every meshed workload.
   */
  public connectivity(): Map<string, string[]> {
    const result = new Map<string, Set<string>>();
    const allow = (caller: DeclaredService, target: DeclaredService, ports: string[]) => {
      if (ports.length === 0) return;
      const key = `${caller.name} -> ${target.name}`;
      const set = result.get(key) ?? new Set<string>();
      ports.forEach((p) => set.add(p));
      result.set(key, set);
    };
    for (const port of this.ports) {
      for (const callerName of port.callers) {
        const caller = this.service(callerName);
        const proxied = caller.meshed && port.target.meshed && port.protocol === 'TCP';
        allow(caller, port.target, [`${port.protocol}/${port.targetPort}`, ...(proxied ? [PROXY_INBOUND] : [])]);
      }
    }
    if (this.scraper) {
      for (const target of this.services.filter((s) => s.meshed && s !== this.scraper)) {
        allow(this.scraper, target, [`TCP/${PROXY_ADMIN}`]);
      }
    }
    return new Map([...result].map(([k, v]) => [k, [...v].sort()]));
  }

  /** The addresses outside the cluster allowed into `target` (internet, admin networks), as `cidr PROTO/port`, sorted. */
  public externalIngress(target: DeclaredService): string[] {
    const out = new Set<string>();
    for (const from of target.props.allowFrom ?? []) {
      const cidrs = from.internet ? from.cidrs ?? DEFAULT_INTERNET
        : from.adminNetwork ? (this.props.adminNetworks ?? []).filter((n) => n.name === from.adminNetwork).flatMap((n) => n.cidrs) : [];
      for (const port of cidrs.length > 0 ? this.portsOf(target, from) : []) {
        cidrs.forEach((c) => out.add(`${c} ${port.protocol ?? 'TCP'}/${port.targetPort ?? port.port}`));
      }
    }
    return [...out].sort();
  }

  /** Outside workloads the blueprint names, by `namespace/serviceAccount`. */
  public outsideWorkloads(): { key: string; namespace: string; serviceAccount: string; labels: Record<string, string>; meshed: boolean }[] {
    const found = new Map<string, { key: string; namespace: string; serviceAccount: string; labels: Record<string, string>; meshed: boolean }>();
    for (const from of this.props.services.flatMap((s) => s.allowFrom ?? [])) {
      const w = from.workload;
      if (w) found.set(`${w.namespace}/${w.serviceAccount}`, { key: `${w.namespace}/${w.serviceAccount}`, namespace: w.namespace, serviceAccount: w.serviceAccount, labels: { ...w.podLabels }, meshed: w.meshed ?? true });
    }
    return [...found.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Ports an outside workload may open on each target: the declared ports, and 4143 when both are meshed (TCP). */
  public outsideConnectivity(key: string, meshed: boolean): Map<string, string[]> {
    const result = new Map<string, Set<string>>();
    for (const port of this.ports.filter((p) => p.workloads.has(key) || (!meshed && this.workloadPorts(p, key)))) {
      const set = result.get(port.target.name) ?? new Set<string>();
      set.add(`${port.protocol}/${port.targetPort}`);
      if (meshed && port.target.meshed && port.protocol === 'TCP') set.add(PROXY_INBOUND);
      result.set(port.target.name, set);
    }
    return new Map([...result].map(([k, v]) => [k, [...v].sort()]));
  }

  private workloadPorts(port: DeclaredPort, key: string): boolean {
    return (port.target.props.allowFrom ?? []).some((f) => f.workload && `${f.workload.namespace}/${f.workload.serviceAccount}` === key && this.portsOf(port.target, f).includes(port.port));
  }

  /** The declared external destinations of `service`, as `cidr PROTO/port`, sorted. */
  public externalEgress(service: DeclaredService): string[] {
    return (service.props.egressTo ?? []).flatMap((e) => e.cidrs.flatMap((c) => e.ports.map((p) => `${c} ${e.protocol ?? 'TCP'}/${p}`))).sort();
  }

  /** Mesh identities (`service` names) admitted on a TCP port of a meshed target, and per route. */
  public meshCallers(port: DeclaredPort): string[] {
    return [...port.callers].filter((c) => this.service(c).meshed).sort();
  }

  /** The routes of the port, with the services each admits. */
  public routesOf(port: DeclaredPort): { name: string; path: string; methods?: string[]; services: string[] }[] {
    return (port.target.props.routes ?? []).filter((r) => r.port === port.port.name).map((r) => ({
      name: r.name, path: r.path ?? '/', methods: r.methods as string[] | undefined,
      services: [...new Set([...(r.allowServices ?? []), ...(r.allowRoles ? this.holders(r.allowRoles) : [])])].sort(),
    }));
  }

  private declaredPort(target: DeclaredService, port: ServicePortProps): DeclaredPort {
    const callers = new Set<string>();
    const cidrs: string[] = [];
    const workloads = new Set<string>();
    for (const from of target.props.allowFrom ?? []) {
      if (!this.portsOf(target, from).includes(port)) continue;
      if (from.internet) {
        cidrs.push(...(from.cidrs ?? DEFAULT_INTERNET));
        continue;
      }
      if (from.adminNetwork) {
        cidrs.push(...(this.props.adminNetworks ?? []).filter((n) => n.name === from.adminNetwork).flatMap((n) => n.cidrs));
        continue;
      }
      if (from.workload) {
        if (from.workload.meshed ?? true) workloads.add(`${from.workload.namespace}/${from.workload.serviceAccount}`);
        else cidrs.push(...(from.workload.cidrs ?? []));
        continue;
      }
      const names = from.service ? [from.service]
        : from.zone ? this.services.filter((s) => s.props.zone === from.zone && !(from.except ?? []).includes(s.name)).map((s) => s.name)
          : this.holders(from.roles ?? []);
      names.filter((n) => n !== target.name).forEach((n) => callers.add(n));
    }
    if (port.metrics && this.scraper && this.scraper !== target) {
      callers.add(this.scraper.name);
    }
    for (const caller of callers) {
      const c = this.service(caller);
      if (!c.meshed) cidrs.push(...(c.props.callerCidrs ?? []));
    }
    return { target, port, targetPort: port.targetPort ?? port.port, protocol: port.protocol ?? 'TCP', callers, cidrs, workloads };
  }

  private portsOf(target: DeclaredService, from: FlowSourceProps): ServicePortProps[] {
    return (target.props.ports ?? []).filter((p) => !from.ports || from.ports.includes(p.name));
  }

  /** Services holding one of `roles` directly or through `includes`. */
  private holders(roles: string[]): string[] {
    return roleHolders(this.props, this.props.services, roles);
  }
}

/** Whether IPv4 address `ip` is in `cidr` (IPv6 ranges contain no IPv4 address). */
export function inCidr(ip: string, cidr: string): boolean {
  if (cidr.includes(':')) return false;
  const [net, bits] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(net) / size);
}
