import { parseAllDocuments } from 'yaml';
import { parseCidr } from '../model/names';
import { rankRoutes } from './mesh-route-match';
import { MeshPod, meshPods, namespaceDefaultPolicy, serverSelects } from './mesh-workloads';
import { WorkloadRef } from './reachability';
import { WorkloadLookup } from './workload-lookup';
import { WorkloadQuery } from './workload-query';

/** What Linkerd does with a call. */
export enum MeshDecision {
  /** An authorization (or an allowing default policy) admits the call. */
  ALLOW = 'allow',
  /** Nothing admits the call, but the policy is in audit mode: it passes and is logged as a would-be denial. */
  AUDIT = 'audit',
  /** The call is refused (HTTP 403 or 404, or the connection is refused). */
  DENY = 'deny',
  /** The target has no Linkerd proxy: the mesh does not decide. */
  UNMESHED = 'unmeshed',
}

/** The caller of a mesh authorization question. */
export interface MeshCaller {
  /** Namespace of the caller's ServiceAccount (meshed callers). @default - an unmeshed caller */
  readonly serviceAccountNamespace?: string;
  /** Name of the caller's ServiceAccount (meshed callers). @default - an unmeshed caller */
  readonly serviceAccount?: string;
  /** The caller's source IP address. @default - unknown: NetworkAuthentications do not match */
  readonly ip?: string;
}

/** An HTTP request, for ports with routes. */
export interface MeshRequest {
  /** Request path, without query string. */
  readonly path: string;
  /** @default 'GET' */
  readonly method?: string;
}

/** The answer to "may this caller call that port (and route)". */
export interface MeshAuthorizationResult {
  readonly decision: MeshDecision;
  /** Whether an authorization policy (or a default policy other than audit) admits the caller. */
  readonly authorized: boolean;
  /** The Server that governs the port. @default - none: the default policy decides */
  readonly server?: string;
  /** HTTPRoutes through which the caller is authorized (the matched route, for a request). */
  readonly routes: string[];
  /** The policies that admit the caller (`AuthorizationPolicy/<name>`, `default:<policy>`, `probe`). */
  readonly authorizations: string[];
  /** Why, in one sentence. */
  readonly reason: string;
}

/** May a caller (a workload of the manifests, or a described one) call `to` on `port` (and `request`)? */
export interface MeshCallQuery {
  /** The calling workload, by its ServiceAccount when meshed. @default - `caller` describes the caller */
  readonly from?: WorkloadQuery;
  /** A caller that is not among the workloads (an outside identity, an unmeshed address). @default - an unmeshed caller of unknown address, unless `from` is given */
  readonly caller?: MeshCaller;
  readonly to: WorkloadQuery;
  readonly port: number;
  /** The HTTP request, for ports with routes. @default - the whole port */
  readonly request?: MeshRequest;
}

/** One authorized connection of the mesh matrix. */
export interface MeshConnection {
  readonly source: WorkloadRef;
  readonly destination: WorkloadRef;
  readonly port: number;
  /** Container port name. @default - unnamed */
  readonly portName?: string;
  /** HTTPRoutes that authorize the source (empty when the whole port is authorized). */
  readonly routes: string[];
}

export interface MeshAuthorizationOptions {
  /** Cluster-wide `proxy.defaultInboundPolicy`. @default 'all-unauthenticated' (Linkerd's default) */
  readonly clusterDefaultPolicy?: string;
  /** Linkerd's `clusterNetworks`, for `cluster-*` policies. @default - Linkerd's default private ranges */
  readonly clusterNetworks?: string[];
  /** Where kubelet probes come from, for default probe authorizations. @default ['0.0.0.0/0', '::/0'] */
  readonly probeNetworks?: string[];
  /** Namespace of the Linkerd control plane. @default 'linkerd' */
  readonly linkerdNamespace?: string;
  /** Trust domain of mesh identities, for `identities` strings. @default 'cluster.local' */
  readonly identityTrustDomain?: string;
}

const POLICY_GROUP = 'policy.linkerd.io';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const DEFAULT_CLUSTER_NETWORKS = ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16', 'fd00::/8'];
const HTTP_PROTOCOLS = new Set(['HTTP/1', 'HTTP/2', 'unknown', undefined]);

interface Grant {
  readonly name: string;
  readonly audit: boolean;
}

/**
 * Answers "may identity X (a ServiceAccount, or an unmeshed source address) call workload Y on port Z,
 * and route R" from synthesized manifests alone, under Linkerd's semantics: the Server selecting the
 * pod and port (by pod labels and port name or number), AuthorizationPolicies targeting the Server, an
 * HTTPRoute of it, or the namespace; every required authentication of a policy must match (they are
 * ANDed) and a policy with a missing authentication is ignored; a port with routes serves only requests
 * matching a route; server authorizations apply to every route; without a Server the default policy
 * (pod, namespace, cluster) decides, and probes are authorized by default unless routes exist.
 */
export class MeshAuthorizationAnalyzer {
  /** Analyzes manifest objects (as `Testing.synth` or a YAML parser returns them). */
  public static fromManifests(manifests: any[], options: MeshAuthorizationOptions = {}): MeshAuthorizationAnalyzer {
    return new MeshAuthorizationAnalyzer(manifests, options);
  }

  /** Analyzes a multi-document YAML text (the content of a `dist/*.k8s.yaml`). */
  public static fromYaml(yaml: string, options: MeshAuthorizationOptions = {}): MeshAuthorizationAnalyzer {
    return new MeshAuthorizationAnalyzer(parseAllDocuments(yaml).map((d) => d.toJS()).filter((d) => d !== null && d !== undefined), options);
  }

  private readonly pods: MeshPod[];
  private readonly servers: any[];
  private readonly routes: any[];
  private readonly policies: any[];
  private readonly authentications: Map<string, any>;
  private readonly opts: Required<MeshAuthorizationOptions>;
  private readonly lookup: WorkloadLookup<MeshPod>;

  private constructor(private readonly manifests: any[], options: MeshAuthorizationOptions) {
    this.opts = {
      clusterDefaultPolicy: options.clusterDefaultPolicy ?? 'all-unauthenticated',
      clusterNetworks: options.clusterNetworks ?? DEFAULT_CLUSTER_NETWORKS,
      probeNetworks: options.probeNetworks ?? ['0.0.0.0/0', '::/0'],
      linkerdNamespace: options.linkerdNamespace ?? 'linkerd',
      identityTrustDomain: options.identityTrustDomain ?? 'cluster.local',
    };
    this.pods = meshPods(manifests, this.opts.linkerdNamespace);
    const group = (m: any) => String(m?.apiVersion ?? '').split('/')[0];
    this.servers = manifests.filter((m) => m?.kind === 'Server' && group(m) === POLICY_GROUP);
    this.routes = manifests.filter((m) => m?.kind === 'HTTPRoute' && (group(m) === POLICY_GROUP || group(m) === GATEWAY_GROUP));
    this.policies = manifests.filter((m) => m?.kind === 'AuthorizationPolicy' && group(m) === POLICY_GROUP);
    this.authentications = new Map(manifests
      .filter((m) => (m?.kind === 'MeshTLSAuthentication' || m?.kind === 'NetworkAuthentication') && group(m) === POLICY_GROUP)
      .map((m) => [`${m.kind}/${m.metadata?.namespace}/${m.metadata?.name}`, m]));
    this.lookup = new WorkloadLookup(manifests, this.pods);
  }

  /**
   * The workload a query names: by blueprint service name (in a chart with hashed names too) or by
   * metadata name, in a namespace or blueprint zone. Throws, listing the known workloads, on a miss.
   */
  public find(workload: WorkloadQuery): WorkloadRef {
    return ref(this.lookup.find(workload));
  }

  /** May the caller call port `port` of `to` (and, if given, `request`)? Workloads are looked up as `find` does. */
  public authorizeCall(query: MeshCallQuery): MeshAuthorizationResult {
    if (query.from !== undefined && query.caller !== undefined) {
      throw new Error('a mesh call query names its caller by one of "from" (a workload) or "caller" (a described caller), not both');
    }
    const caller = query.from !== undefined ? this.callerOf(this.lookup.find(query.from)) : query.caller ?? {};
    return this.authorizePod(caller, this.lookup.find(query.to), query.port, query.request);
  }

  /**
   * May `caller` call port `port` of workload `toNamespace/toName` (and, if given, `request`)?
   * @deprecated use `authorizeCall({ caller, to, port, request })`
   */
  public authorize(caller: MeshCaller, toNamespace: string, toName: string, port: number, request?: MeshRequest): MeshAuthorizationResult {
    return this.authorizePod(caller, this.pod(toNamespace, toName), port, request);
  }

  private authorizePod(caller: MeshCaller, pod: MeshPod, port: number, request?: MeshRequest): MeshAuthorizationResult {
    const toNamespace = pod.namespace;
    const toName = pod.name;
    if (!pod.meshed) {
      return { decision: MeshDecision.UNMESHED, authorized: false, routes: [], authorizations: [], reason: `${toNamespace}/${toName} has no Linkerd proxy` };
    }
    const servers = this.servers.filter((s) => serverSelects(s, pod, port));
    if (servers.length > 1) {
      throw new Error(`Servers ${servers.map((s) => s.metadata.name).join(', ')} all select port ${port} of ${toNamespace}/${toName}: Linkerd rejects overlapping Servers`);
    }
    const http = request ? { path: request.path, method: request.method ?? 'GET' } : undefined;
    if (servers.length === 0) {
      return this.byDefaultPolicy(caller, pod, port, http);
    }
    return this.byServer(caller, pod, port, servers[0], http);
  }

  /**
   * Like `authorize`, with the caller being workload `fromNamespace/fromName` (by its ServiceAccount when meshed).
   * @deprecated use `authorizeCall({ from, to, port, request })`
   */
  public authorizeWorkload(fromNamespace: string, fromName: string, toNamespace: string, toName: string, port: number, request?: MeshRequest): MeshAuthorizationResult {
    return this.authorizePod(this.callerOf(this.pod(fromNamespace, fromName)), this.pod(toNamespace, toName), port, request);
  }

  /**
   * Every connection the mesh authorizes between the workloads: for each meshed source (by its
   * ServiceAccount) and each declared container port of each other meshed workload, whether some
   * authorization admits it (audit and default policies that allow everything do not count).
   */
  public connections(): MeshConnection[] {
    const out: MeshConnection[] = [];
    for (const src of this.pods.filter((p) => p.meshed)) {
      for (const dst of this.pods.filter((p) => p.meshed && p !== src)) {
        for (const [port, portName] of [...dst.ports].sort((a, b) => a[0] - b[0])) {
          const result = this.authorizePod(this.callerOf(src), dst, port);
          if (result.authorized && !result.authorizations.some((a) => a.startsWith('default:'))) {
            out.push({ source: ref(src), destination: ref(dst), port, portName, routes: result.routes });
          }
        }
      }
    }
    return out;
  }

  /** Workloads of the analyzed manifests. */
  public get workloads(): WorkloadRef[] {
    return this.pods.map(ref);
  }

  private callerOf(pod: MeshPod): MeshCaller {
    return pod.meshed ? { serviceAccountNamespace: pod.namespace, serviceAccount: pod.serviceAccount } : {};
  }

  private pod(namespace: string, name: string): MeshPod {
    return this.lookup.findByName(namespace, name);
  }

  private defaultPolicyOf(pod: MeshPod): string {
    return pod.defaultPolicy ?? namespaceDefaultPolicy(this.manifests, pod.namespace) ?? this.opts.clusterDefaultPolicy;
  }

  private byDefaultPolicy(caller: MeshCaller, pod: MeshPod, port: number, request?: { path: string; method: string }): MeshAuthorizationResult {
    const policy = this.defaultPolicyOf(pod);
    if (request && request.method === 'GET' && (pod.probePaths.get(port) ?? []).includes(request.path) && this.inNetworks(caller.ip, this.opts.probeNetworks)) {
      return result(true, false, undefined, [], ['probe'], `GET ${request.path} is a probe of the pod, authorized by default for the kubelet`);
    }
    const grant = this.defaultGrant(policy, caller);
    const reason = `no Server selects port ${port}: the default policy "${policy}" decides`;
    return grant ? result(true, grant.audit, undefined, [], [grant.name], reason) : result(false, false, undefined, [], [], reason);
  }

  private byServer(caller: MeshCaller, pod: MeshPod, port: number, server: any, request?: { path: string; method: string }): MeshAuthorizationResult {
    const name = server.metadata.name;
    const ns = server.metadata.namespace;
    const serverGrants = this.grantsFor(caller, ns, (t) => (t.kind === 'Server' && t.name === name && (t.group ?? POLICY_GROUP) === POLICY_GROUP) || (t.kind === 'Namespace' && t.name === ns));
    const accessPolicy = server.spec.accessPolicy ?? 'deny';
    const fallback = this.defaultGrant(accessPolicy, caller);
    const grants = [...serverGrants, ...(fallback ? [fallback] : [])];
    const httpServer = HTTP_PROTOCOLS.has(server.spec.proxyProtocol);
    const routes = httpServer ? this.routes.filter((r) => r.metadata?.namespace === ns && attachesTo(r, name)) : [];

    if (routes.length === 0) {
      if (request && request.method === 'GET' && httpServer && (pod.probePaths.get(port) ?? []).includes(request.path) && this.inNetworks(caller.ip, this.opts.probeNetworks)) {
        return result(true, false, name, [], ['probe'], `GET ${request.path} is a probe of the pod, authorized by default (Server "${name}" has no routes)`);
      }
      return decide(grants, name, [], `Server "${name}"`);
    }
    const routeGrants = (route: any) => [...this.grantsFor(caller, ns, (t) => t.kind === 'HTTPRoute' && t.name === route.metadata.name && (t.group ?? POLICY_GROUP) === routeGroup(route)), ...grants];
    if (request) {
      const [route] = rankRoutes(routes, request);
      if (!route) {
        return result(false, false, name, [], [], `${request.method} ${request.path} matches no HTTPRoute of Server "${name}", so Linkerd answers 404`);
      }
      return decide(routeGrants(route), name, [route.metadata.name], `HTTPRoute "${route.metadata.name}" of Server "${name}"`);
    }
    // No request: authorized on the port when some route admits the caller.
    const admitting = routes.filter((r) => routeGrants(r).some((g) => !g.audit)).map((r) => r.metadata.name).sort();
    if (admitting.length > 0) {
      const names = [...new Set(routes.filter((r) => admitting.includes(r.metadata.name)).flatMap((r) => routeGrants(r).filter((g) => !g.audit).map((g) => g.name)))].sort();
      return result(true, false, name, admitting, names, `routes ${admitting.join(', ')} of Server "${name}" admit the caller`);
    }
    return decide(grants, name, [], `no route of Server "${name}"`);
  }

  /** Policies in `namespace` whose target satisfies `targets` and whose every authentication matches `caller`. */
  private grantsFor(caller: MeshCaller, namespace: string, targets: (t: any) => boolean): Grant[] {
    return this.policies
      .filter((p) => p.metadata?.namespace === namespace && targets(p.spec?.targetRef ?? {}))
      .filter((p) => {
        const refs: any[] = p.spec?.requiredAuthenticationRefs ?? [];
        return refs.length > 0 && refs.every((r) => this.authenticates(r, namespace, caller));
      })
      .map((p) => ({ name: `AuthorizationPolicy/${p.metadata.name}`, audit: false }));
  }

  /** Whether one required authentication matches; a reference to a missing object never matches. */
  private authenticates(ref: any, policyNamespace: string, caller: MeshCaller): boolean {
    const namespace = ref.namespace ?? policyNamespace;
    switch (ref.kind) {
      case 'ServiceAccount':
        return caller.serviceAccount !== undefined && caller.serviceAccount === ref.name && caller.serviceAccountNamespace === namespace;
      case 'MeshTLSAuthentication': {
        const authn = this.authentications.get(`MeshTLSAuthentication/${namespace}/${ref.name}`);
        return authn !== undefined && this.meshTlsMatches(authn, caller);
      }
      case 'NetworkAuthentication': {
        const authn = this.authentications.get(`NetworkAuthentication/${namespace}/${ref.name}`);
        return authn !== undefined && (authn.spec?.networks ?? []).some((n: any) => this.inNetworks(caller.ip, [n.cidr], n.except ?? []));
      }
      default:
        return false;
    }
  }

  private meshTlsMatches(authn: any, caller: MeshCaller): boolean {
    if (caller.serviceAccount === undefined) {
      return false;
    }
    const refs: any[] = authn.spec?.identityRefs ?? [];
    const byRef = refs.some((r) => {
      const namespace = r.namespace ?? authn.metadata.namespace;
      if (r.kind === 'ServiceAccount') {
        return namespace === caller.serviceAccountNamespace && (r.name === undefined || r.name === caller.serviceAccount);
      }
      return r.kind === 'Namespace' && r.name === caller.serviceAccountNamespace;
    });
    const identity = `${caller.serviceAccount}.${caller.serviceAccountNamespace}.serviceaccount.identity.linkerd.${this.opts.identityTrustDomain}`;
    const byString = (authn.spec?.identities ?? []).some((id: string) => id === '*' || id === identity || (id.startsWith('*.') && identity.endsWith(id.slice(1))));
    return byRef || byString;
  }

  /** The grant of a default policy value (namespace annotation, or a Server's `accessPolicy`). */
  private defaultGrant(policy: string, caller: MeshCaller): Grant | undefined {
    const meshed = caller.serviceAccount !== undefined;
    const inCluster = caller.ip === undefined ? meshed : this.inNetworks(caller.ip, this.opts.clusterNetworks);
    const allowed: Record<string, boolean> = {
      'all-unauthenticated': true,
      'audit': true,
      'all-authenticated': meshed,
      'cluster-authenticated': meshed && inCluster,
      'cluster-unauthenticated': inCluster,
      'deny': false,
    };
    return allowed[policy] ? { name: `default:${policy}`, audit: policy === 'audit' } : undefined;
  }

  private inNetworks(ip: string | undefined, cidrs: readonly string[], except: readonly string[] = []): boolean {
    if (ip === undefined) {
      return false;
    }
    const address = parseCidr(ip.includes(':') ? `${ip}/128` : `${ip}/32`);
    if (!address) {
      throw new Error(`"${ip}" is not an IP address`);
    }
    const within = (cidr: string) => {
      const net = parseCidr(cidr);
      if (!net || net.width !== address.width) {
        return false;
      }
      const shift = BigInt(net.width - net.prefix);
      return (net.bits >> shift) === (address.bits >> shift);
    };
    return cidrs.some(within) && !except.some(within);
  }
}

function attachesTo(route: any, serverName: string): boolean {
  return (route.spec?.parentRefs ?? []).some((p: any) => p.kind === 'Server' && p.name === serverName && (p.group ?? POLICY_GROUP) === POLICY_GROUP);
}

function routeGroup(route: any): string {
  return String(route.apiVersion).split('/')[0];
}

function decide(grants: Grant[], server: string, routes: string[], what: string): MeshAuthorizationResult {
  const real = grants.filter((g) => !g.audit);
  if (real.length > 0) {
    return result(true, false, server, routes, real.map((g) => g.name).sort(), `${what} authorizes the caller`);
  }
  if (grants.length > 0) {
    return result(true, true, server, routes, grants.map((g) => g.name), `${what} does not authorize the caller, but is in audit mode: allowed and logged`);
  }
  return result(false, false, server, routes, [], `${what} does not authorize the caller`);
}

function result(allowed: boolean, audit: boolean, server: string | undefined, routes: string[], authorizations: string[], reason: string): MeshAuthorizationResult {
  const decision = !allowed ? MeshDecision.DENY : audit ? MeshDecision.AUDIT : MeshDecision.ALLOW;
  return { decision, authorized: allowed && !audit, server, routes, authorizations, reason };
}

function ref(pod: MeshPod): WorkloadRef {
  return { namespace: pod.namespace, name: pod.name, kind: pod.kind };
}
