import { MeshAuthorizationAnalyzer, MeshConnection, MeshDecision } from '../analysis/mesh-authorization';
import { PROXY_ADMIN } from '../analysis/mesh-workloads';
import { ReachabilityAnalyzer } from '../analysis/reachability';
import { workloadTemplates } from '../analysis/workload-templates';
import { EdgeAccess, edgeAccessByService } from './edge-access';
import { PlatformService, platformServices } from './platform-services';
import { importedRealms, ServiceAccountRoles, serviceAccountRoles } from './service-account-roles';

/** Pod-to-pod ports a NetworkPolicy layer allows, `TCP 4143,8080;UDP 53` form. */
export interface NetworkAccess {
  /** The other service (a blueprint service name, or `<namespace>/<workload>`). */
  readonly service: string;
  readonly ports: string;
  /** Of those, the UDP and SCTP ports: the mesh does not see them. */
  readonly notCoveredByMesh: string;
}

/** Addresses outside the pods (ipBlock peers). */
export interface AddressAccess {
  readonly cidr: string;
  readonly except: string[];
  readonly ports: string;
}

/** One port that Linkerd authorizes for an identity. */
export interface MeshAccess {
  /** The other service (a blueprint service name, `<namespace>/<workload>`, or an outside identity `<namespace>/<serviceAccount>`). */
  readonly service: string;
  /** The caller's ServiceAccount, `<namespace>/<name>`. */
  readonly identity: string;
  readonly port: number;
  readonly portName?: string;
  /** HTTPRoutes through which the identity is authorized; empty: the whole port. */
  readonly routes: string[];
}

/** What one service is reached by, and what it reaches: the blast radius of its workload. */
export interface ServiceExplanation {
  readonly service: string;
  readonly namespace: string;
  /** `<kind>/<name>` of the workload analyzed; undefined when the manifests hold none. */
  readonly workload?: string;
  readonly serviceAccount?: string;
  readonly meshed: boolean;
  readonly reachedBy: {
    readonly networkPolicy: NetworkAccess[];
    readonly addresses: AddressAccess[];
    readonly linkerd: MeshAccess[];
    /** End-user requests the edge admits to this service, and the token roles each needs. */
    readonly edge: EdgeAccess[];
  };
  readonly blastRadius: {
    readonly networkPolicy: NetworkAccess[];
    readonly addresses: AddressAccess[];
    readonly linkerd: MeshAccess[];
    /** The roles its service-account client can obtain; undefined when it has none. */
    readonly keycloak?: ServiceAccountRoles;
  };
}

/**
 * Explains every service of rendered manifests with the analyzers: the NetworkPolicy layer with
 * `ReachabilityAnalyzer`, the Linkerd layer with `MeshAuthorizationAnalyzer` (the workloads' identities
 * and the outside identities the MeshTLSAuthentications name), the edge from the SecurityPolicies and
 * the Keycloak roles from the realm import.
 */
export function explainPlatform(manifests: readonly any[]): ServiceExplanation[] {
  const services = platformServices(manifests);
  const reach = ReachabilityAnalyzer.fromManifests([...manifests]);
  const mesh = MeshAuthorizationAnalyzer.fromManifests([...manifests]);
  const byWorkload = new Map(services.filter((s) => s.workload).map((s) => [`${s.namespace}/${s.workload!.name}`, s]));
  const nameOf = (ref: { namespace: string; name: string }) => byWorkload.get(`${ref.namespace}/${ref.name}`)?.name ?? `${ref.namespace}/${ref.name}`;
  const meshedWorkloads = new Set(meshPodKeys(mesh));

  const outbound = new Map<PlatformService, NetworkAccess[]>();
  const inbound = new Map<string, NetworkAccess[]>();
  for (const s of services.filter((x) => x.workload)) {
    const reached = reach.reachableFrom(s.namespace, s.workload!.name).map((r) => ({ to: nameOf(r.destination), ports: r.summary, notCoveredByMesh: summary(r.notCoveredByMesh) }));
    outbound.set(s, reached.map((r) => ({ service: r.to, ports: r.ports, notCoveredByMesh: r.notCoveredByMesh })));
    reached.forEach((r) => inbound.set(r.to, [...(inbound.get(r.to) ?? []), { service: s.name, ports: r.ports, notCoveredByMesh: r.notCoveredByMesh }]));
  }

  const identityOf = (ref: { namespace: string; name: string }) => `${ref.namespace}/${byWorkload.get(`${ref.namespace}/${ref.name}`)?.serviceAccount ?? 'default'}`;
  const connections = [...mesh.connections().map((c) => meshAccess(c, nameOf, identityOf)), ...outsideIdentityAccess(manifests, mesh, services, meshedWorkloads)];
  const edge = edgeAccessByService(manifests);
  const realms = importedRealms(manifests);

  return services.map((s): ServiceExplanation => {
    const key = s.workload ? `${s.namespace}/${s.workload.name}` : undefined;
    const external = (dir: 'in' | 'out') => (s.workload
      ? (dir === 'in' ? reach.ingressFromExternal(s.namespace, s.workload.name) : reach.egressToExternal(s.namespace, s.workload.name))
        .map((e) => ({ cidr: e.cidr, except: e.except, ports: e.summary }))
      : []);
    return {
      service: s.name,
      namespace: s.namespace,
      workload: s.workload ? `${s.workload.kind}/${s.workload.name}` : undefined,
      serviceAccount: s.serviceAccount,
      meshed: key !== undefined && meshedWorkloads.has(key),
      reachedBy: {
        networkPolicy: byName(inbound.get(s.name) ?? []),
        addresses: sortAddresses(external('in')),
        linkerd: byName(connections.filter((c) => c.target === s.name).map((c) => c.access)),
        edge: edge.get(s.name) ?? [],
      },
      blastRadius: {
        networkPolicy: byName(outbound.get(s) ?? []),
        addresses: sortAddresses(external('out')),
        linkerd: byName(connections.filter((c) => c.source === s.name).map((c) => ({ ...c.access, service: c.target }))),
        keycloak: realms.map((r) => serviceAccountRoles(r, s.name)).find((r) => r !== undefined),
      },
    };
  });
}

interface DirectedAccess {
  readonly source: string;
  readonly target: string;
  /** `service` is the source. */
  readonly access: MeshAccess;
}

type RefName = (r: { namespace: string; name: string }) => string;

function meshAccess(c: MeshConnection, nameOf: RefName, identityOf: RefName): DirectedAccess {
  const source = nameOf(c.source);
  return { source, target: nameOf(c.destination), access: { service: source, identity: identityOf(c.source), port: c.port, portName: c.portName, routes: c.routes } };
}

/** Keys `<namespace>/<name>` of the meshed workloads (the ones Linkerd decides for). */
function meshPodKeys(mesh: MeshAuthorizationAnalyzer): string[] {
  return mesh.workloads.filter((w) => mesh.authorize({}, w.namespace, w.name, PROXY_ADMIN.port).decision !== MeshDecision.UNMESHED).map((w) => `${w.namespace}/${w.name}`);
}

/**
 * The ports outside identities (ServiceAccounts named by MeshTLSAuthentications that no workload of the
 * manifests runs as: linkerd-viz's Prometheus, an ingress controller) are authorized on.
 */
function outsideIdentityAccess(manifests: readonly any[], mesh: MeshAuthorizationAnalyzer, services: readonly PlatformService[], meshed: ReadonlySet<string>): DirectedAccess[] {
  const inside = new Set(services.filter((s) => s.workload && s.serviceAccount).map((s) => `${s.namespace}/${s.serviceAccount}`));
  const outside = new Set<string>();
  for (const authn of manifests.filter((m) => m?.kind === 'MeshTLSAuthentication')) {
    for (const ref of authn.spec?.identityRefs ?? []) {
      if (ref.kind === 'ServiceAccount' && ref.name) {
        outside.add(`${ref.namespace ?? authn.metadata?.namespace}/${ref.name}`);
      }
    }
    for (const id of authn.spec?.identities ?? []) {
      const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.serviceaccount\.identity\./.exec(id);
      if (m) {
        outside.add(`${m[2]}/${m[1]}`);
      }
    }
  }
  const ports = tcpPortsByWorkload(manifests);
  const result: DirectedAccess[] = [];
  for (const identity of [...outside].filter((i) => !inside.has(i)).sort()) {
    const [namespace, serviceAccount] = identity.split('/');
    for (const target of services.filter((s) => s.workload && meshed.has(`${s.namespace}/${s.workload.name}`))) {
      for (const [port, portName] of ports.get(`${target.namespace}/${target.workload!.name}`) ?? []) {
        const r = mesh.authorize({ serviceAccount, serviceAccountNamespace: namespace }, target.namespace, target.workload!.name, port);
        if (r.authorized && !r.authorizations.some((a) => a.startsWith('default:'))) {
          result.push({ source: identity, target: target.name, access: { service: identity, identity, port, portName, routes: r.routes } });
        }
      }
    }
  }
  return result;
}

/** TCP container ports of each workload (and the proxy's admin port), sorted by number. */
function tcpPortsByWorkload(manifests: readonly any[]): Map<string, Array<[number, string | undefined]>> {
  const result = new Map<string, Array<[number, string | undefined]>>();
  for (const w of workloadTemplates(manifests)) {
    const ports = new Map<number, string | undefined>([[PROXY_ADMIN.port, PROXY_ADMIN.name]]);
    for (const c of w.template?.spec?.containers ?? []) {
      (c.ports ?? []).filter((p: any) => (p.protocol ?? 'TCP') === 'TCP').forEach((p: any) => ports.set(p.containerPort, p.name));
    }
    result.set(`${w.namespace}/${w.name}`, [...ports].sort((a, b) => a[0] - b[0]));
  }
  return result;
}

function summary(ports: { protocol: string; ranges: { from: number; to: number }[] }[]): string {
  return ports.map((p) => `${p.protocol} ${p.ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(',')}`).join(';');
}

function byName<T extends { service: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

function sortAddresses(list: AddressAccess[]): AddressAccess[] {
  const key = (a: AddressAccess) => `${a.cidr} ${a.ports} ${a.except.join(',')}`;
  const unique = new Map(list.map((a) => [key(a), a]));
  return [...unique.keys()].sort().map((k) => unique.get(k)!);
}
