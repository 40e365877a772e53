import { parseAllDocuments } from 'yaml';
import { NamespaceView, PodTemplate, namespaceViews, podTemplates, selects } from './cluster-view';
import { policyTypes, rulePorts } from './policy-rules';
import { PortSet } from './port-set';
import { WorkloadLookup } from './workload-lookup';
import { WorkloadQuery } from './workload-query';

/** What the Linkerd proxy never sees: it proxies TCP only. */
const NOT_PROXIED = PortSet.allOf('UDP').union(PortSet.allOf('SCTP'));

/** A workload of the analyzed manifests. */
export interface WorkloadRef {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
}

/** An inclusive range of ports. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** Ports of one protocol. */
export interface ProtocolPorts {
  readonly protocol: string;
  readonly ranges: PortRange[];
}

/** A workload reachable from another, and on which ports. */
export interface Reachability {
  readonly destination: WorkloadRef;
  readonly ports: ProtocolPorts[];
  /** `TCP 8080,4143;UDP 53` form of `ports`. */
  readonly summary: string;
  /**
   * The UDP and SCTP part of `ports`. Linkerd proxies TCP only, so these connections are not covered by
   * the mesh: no mTLS, no identity check, only the NetworkPolicies stand between the two workloads.
   */
  readonly notCoveredByMesh: ProtocolPorts[];
}

/** Addresses outside the cluster's pods that a workload can reach or be reached from. */
export interface ExternalReachability {
  /** Address range in CIDR notation. */
  readonly cidr: string;
  /** Ranges carved out of `cidr` (the NetworkPolicy `ipBlock.except`). */
  readonly except: string[];
  readonly ports: ProtocolPorts[];
  readonly summary: string;
}

/** A namespace that exists in the cluster but not in the manifests (kube-system, linkerd). */
export interface ExtraNamespace {
  readonly name: string;
  /** @default - only `kubernetes.io/metadata.name` */
  readonly labels?: { [key: string]: string };
}

/** Pods that exist in the cluster but not in the manifests (kube-dns, the Linkerd control plane). */
export interface ExtraWorkload {
  readonly namespace: string;
  readonly name: string;
  readonly labels: { [key: string]: string };
  /** @default 'Deployment' */
  readonly kind?: string;
}

/** Two workloads of the analyzed manifests. */
export interface WorkloadPair {
  readonly from: WorkloadQuery;
  readonly to: WorkloadQuery;
}

/** May `from` open a connection to `to` on `port`? */
export interface ConnectionQuery {
  readonly from: WorkloadQuery;
  readonly to: WorkloadQuery;
  readonly port: number;
  /** `TCP`, `UDP` or `SCTP`. @default 'TCP' */
  readonly protocol?: string;
}

export interface ReachabilityAnalyzerOptions {
  /** @default - none */
  readonly extraNamespaces?: ExtraNamespace[];
  /** @default - none */
  readonly extraWorkloads?: ExtraWorkload[];
}

/**
 * Answers "from this workload, what can be reached on which port" from synthesized manifests alone
 * (NetworkPolicies, Namespaces and workloads), under Kubernetes NetworkPolicy semantics: a pod selected
 * by any policy of a type is isolated for that direction, and a connection needs the source's egress
 * and the destination's ingress to allow it. Pod-to-pod only through pod/namespace selectors; `ipBlock`
 * peers describe addresses outside the cluster's pods.
 */
export class ReachabilityAnalyzer {
  /** Analyzes manifest objects (as `Testing.synth` or a YAML parser returns them). */
  public static fromManifests(manifests: any[], options: ReachabilityAnalyzerOptions = {}): ReachabilityAnalyzer {
    return new ReachabilityAnalyzer(manifests, options);
  }

  /** Analyzes a multi-document YAML text (the content of a `dist/*.k8s.yaml`). */
  public static fromYaml(yaml: string, options: ReachabilityAnalyzerOptions = {}): ReachabilityAnalyzer {
    const docs = parseAllDocuments(yaml).map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
    return new ReachabilityAnalyzer(docs, options);
  }

  private readonly pods: PodTemplate[];
  private readonly namespaces: Map<string, NamespaceView>;
  private readonly policies: any[];
  private readonly lookup: WorkloadLookup<PodTemplate>;
  private readonly policiesByNs = new Map<string, any[]>();
  private readonly isolatingIngress = new Map<PodTemplate, any[]>();
  private readonly isolatingEgress = new Map<PodTemplate, any[]>();

  private constructor(manifests: any[], options: ReachabilityAnalyzerOptions) {
    const extraPods: PodTemplate[] = (options.extraWorkloads ?? []).map((w) => ({
      kind: w.kind ?? 'Deployment', name: w.name, namespace: w.namespace, labels: { ...w.labels }, serviceAccount: 'default', namedPorts: new Map(),
    }));
    this.pods = [...podTemplates(manifests), ...extraPods];
    this.policies = manifests.filter((m) => m?.kind === 'NetworkPolicy' && m.apiVersion === 'networking.k8s.io/v1');
    this.namespaces = namespaceViews(
      manifests,
      (options.extraNamespaces ?? []).map((n) => ({ name: n.name, labels: { ...n.labels } })),
      [...this.pods.map((p) => p.namespace), ...this.policies.map((p) => p.metadata?.namespace ?? 'default')],
    );
    this.lookup = new WorkloadLookup(manifests, this.pods);
    for (const p of this.policies) {
      const ns = p.metadata?.namespace ?? 'default';
      const list = this.policiesByNs.get(ns);
      if (list) list.push(p);
      else this.policiesByNs.set(ns, [p]);
    }
  }

  /**
   * The workload a query names: by blueprint service name (in a chart with hashed names too) or by
   * metadata name, in a namespace or blueprint zone. Throws, listing the known workloads, on a miss.
   */
  public find(workload: WorkloadQuery): WorkloadRef {
    return ref(this.lookup.find(workload));
  }

  /** Whether `from` may open a connection to `to` on `port` (TCP unless `protocol` says otherwise). */
  public canReach(query: ConnectionQuery): boolean {
    return this.allowedPorts(this.lookup.find(query.from), this.lookup.find(query.to)).contains(query.protocol ?? 'TCP', query.port);
  }

  /** Allowed ports from one workload to another as one string (`TCP 5432,4143`), for reports and tests. */
  public portsBetween(pair: WorkloadPair): string {
    return this.allowedPorts(this.lookup.find(pair.from), this.lookup.find(pair.to)).toString();
  }

  /** Workloads reachable from `from`, with the allowed ports (only non-empty results). */
  public reachableFromWorkload(from: WorkloadQuery): Reachability[] {
    return this.reachableFromPod(this.lookup.find(from));
  }

  /** Every workload, in manifest order. */
  public get workloads(): WorkloadRef[] {
    return this.pods.map(ref);
  }

  /**
   * Workloads reachable from `namespace/name` with the allowed ports (only non-empty results). `name` is
   * a metadata name or a blueprint service name, `namespace` a namespace or a zone.
   */
  public reachableFrom(namespace: string, name: string): Reachability[] {
    return this.reachableFromPod(this.pod(namespace, name));
  }

  private reachableFromPod(src: PodTemplate): Reachability[] {
    return this.pods
      .filter((dst) => dst !== src)
      .map((dst) => ({ dst, ports: this.allowedPorts(src, dst) }))
      .filter(({ ports }) => !ports.isEmpty)
      .map(({ dst, ports }) => ({ destination: ref(dst), ports: toProtocolPorts(ports), summary: ports.toString(), notCoveredByMesh: toProtocolPorts(ports.intersect(NOT_PROXIED)) }));
  }

  /**
   * Whether `from` may open a connection to `to` on `port`.
   * @deprecated use `canReach({ from, to, port, protocol })`
   */
  public allows(fromNamespace: string, fromName: string, toNamespace: string, toName: string, port: number, protocol: string = 'TCP'): boolean {
    return this.allowedPorts(this.pod(fromNamespace, fromName), this.pod(toNamespace, toName)).contains(protocol, port);
  }

  /** Address ranges outside the pods that `namespace/name` (a metadata or service name) may send to. */
  public egressToExternal(namespace: string, name: string): ExternalReachability[] {
    return this.external(this.pod(namespace, name), 'Egress');
  }

  /** Address ranges outside the pods that may connect to `namespace/name`. */
  public ingressFromExternal(namespace: string, name: string): ExternalReachability[] {
    return this.external(this.pod(namespace, name), 'Ingress');
  }

  /**
   * Allowed ports between two workloads as one string (`TCP 5432,4143`), for reports and tests.
   * @deprecated use `portsBetween({ from, to })`
   */
  public describe(fromNamespace: string, fromName: string, toNamespace: string, toName: string): string {
    return this.allowedPorts(this.pod(fromNamespace, fromName), this.pod(toNamespace, toName)).toString();
  }

  private pod(namespace: string, name: string): PodTemplate {
    return this.lookup.findByName(namespace, name);
  }

  private allowedPorts(src: PodTemplate, dst: PodTemplate): PortSet {
    return this.directionPorts(src, 'Egress', (peer, ns) => this.peerSelectsPod(peer, ns, dst), dst)
      .intersect(this.directionPorts(dst, 'Ingress', (peer, ns) => this.peerSelectsPod(peer, ns, src), dst));
  }

  /**
   * Ports `pod` allows in one direction to/from a peer accepted by `matches`; every port when no
   * policy isolates the pod in that direction. Named ports resolve on the destination pod.
   */
  private directionPorts(pod: PodTemplate, type: 'Ingress' | 'Egress', matches: (peer: any, policyNs: string) => boolean, dst?: PodTemplate): PortSet {
    const isolating = this.isolatingPolicies(pod, type);
    if (isolating.length === 0) {
      return PortSet.ALL;
    }
    let allowed = PortSet.EMPTY;
    for (const policy of isolating) {
      const ns = policy.metadata?.namespace ?? 'default';
      for (const rule of (type === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? []) {
        const peers: any[] | undefined = type === 'Ingress' ? rule.from : rule.to;
        if (!peers || peers.length === 0 || peers.some((peer) => matches(peer, ns))) {
          allowed = allowed.union(rulePorts(rule.ports, dst?.namedPorts));
        }
      }
    }
    return allowed;
  }

  /** The policies of the pod's namespace that select it for `type`, in manifest order; once per pod and direction. */
  private isolatingPolicies(pod: PodTemplate, type: 'Ingress' | 'Egress'): any[] {
    const key = type === 'Ingress' ? this.isolatingIngress : this.isolatingEgress;
    let isolating = key.get(pod);
    if (isolating === undefined) {
      isolating = (this.policiesByNs.get(pod.namespace) ?? []).filter((p) => policyTypes(p).includes(type) && selects(p.spec?.podSelector ?? {}, pod.labels));
      key.set(pod, isolating);
    }
    return isolating;
  }

  private peerSelectsPod(peer: any, policyNs: string, pod: PodTemplate): boolean {
    if (peer.ipBlock) {
      return false;
    }
    const nsOk = peer.namespaceSelector
      ? selects(peer.namespaceSelector, this.namespaces.get(pod.namespace)?.labels ?? {})
      : pod.namespace === policyNs;
    return nsOk && selects(peer.podSelector ?? {}, pod.labels);
  }

  private external(pod: PodTemplate, type: 'Ingress' | 'Egress'): ExternalReachability[] {
    const isolating = this.isolatingPolicies(pod, type);
    const open = (cidr: string) => ({ cidr, except: [], ports: toProtocolPorts(PortSet.ALL), summary: PortSet.ALL.toString() });
    if (isolating.length === 0) {
      return [open('0.0.0.0/0'), open('::/0')];
    }
    const result: ExternalReachability[] = [];
    for (const policy of isolating) {
      for (const rule of (type === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? []) {
        const peers: any[] | undefined = type === 'Ingress' ? rule.from : rule.to;
        const ports = rulePorts(rule.ports, type === 'Ingress' ? pod.namedPorts : undefined);
        const blocks = !peers || peers.length === 0 ? [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] : peers.filter((p) => p.ipBlock).map((p) => p.ipBlock);
        for (const block of blocks) {
          result.push({ cidr: block.cidr, except: [...(block.except ?? [])], ports: toProtocolPorts(ports), summary: ports.toString() });
        }
      }
    }
    return result;
  }
}



function ref(p: PodTemplate): WorkloadRef {
  return { namespace: p.namespace, name: p.name, kind: p.kind };
}

function toProtocolPorts(set: PortSet): ProtocolPorts[] {
  return set.entries().map(({ protocol, ranges }) => ({ protocol, ranges: ranges.map(([from, to]) => ({ from, to })) }));
}
