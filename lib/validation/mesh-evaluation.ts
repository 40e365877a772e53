import { selects } from '../analysis/cluster-view';
import { TwoKeyIndex } from './two-key-index';

const POLICY_GROUP = 'policy.linkerd.io';
const OPEN_ACCESS = new Set(['all-authenticated', 'all-unauthenticated', 'cluster-authenticated', 'cluster-unauthenticated']);

/** A meshed workload identity: a ServiceAccount in a namespace. */
export interface MeshIdentity {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * Linkerd authorization semantics over rendered objects, indexed once: which Servers select a pod's
 * port, and which identities the AuthorizationPolicies of a Server (and of its HTTPRoutes) admit. Audit
 * and default policies admit nobody here: they log, they do not authorize.
 */
export class MeshEvaluation {
  /** Servers by namespace and port (name or number, as the Server names it), then by the first label of their pod selector. */
  private readonly servers = new Map<string, Map<string, ServerIndex>>();
  /** AuthorizationPolicies by the kind of their target, then its namespace and name. */
  private readonly policies = new Map<string, TwoKeyIndex<any>>();
  /** HTTPRoutes by the namespace and name of their parent Servers. */
  private readonly routes = new TwoKeyIndex<any>();
  /** MeshTLSAuthentications by namespace and name (the last of a name counts). */
  private readonly meshTlsAuthentications = new Map<string, Map<string, any>>();
  private readonly admitsByRefs = new Map<string, readonly MeshIdentity[]>();
  /** What an authentication alone admits when it names identities by refs only (else null). */
  private readonly admitsByAuthn = new Map<object, readonly MeshIdentity[] | null>();
  private readonly matchers = new Map<object, RefMatcher>();
  private readonly candidatesByAuthn = new Map<object, readonly MeshIdentity[]>();

  private readonly byAccount = new TwoKeyIndex<MeshIdentity>();
  private readonly byNamespace = new Map<string, MeshIdentity[]>();

  constructor(manifests: readonly any[], private readonly identities: readonly MeshIdentity[]) {
    for (let n = 0; n < identities.length; n++) {
      const i = identities[n];
      this.byAccount.push(i.namespace, i.serviceAccount, i);
      push(this.byNamespace, i.namespace, i);
    }
    for (let n = 0; n < manifests.length; n++) {
      const m = manifests[n];
      const kind = m?.kind;
      if (kind === 'HTTPRoute') {
        const ns = m.metadata?.namespace;
        const parents = m.spec?.parentRefs;
        if (Array.isArray(parents)) {
          for (let i = 0; i < parents.length; i++) {
            if (parents[i]?.kind === 'Server') this.routes.push(parents[i].namespace ?? ns, parents[i].name, m);
          }
        }
      } else if ((kind === 'Server' || kind === 'AuthorizationPolicy' || kind === 'MeshTLSAuthentication') && inPolicyGroup(m.apiVersion)) {
        const ns = m.metadata?.namespace;
        if (kind === 'Server') {
          this.indexServer(m, ns);
        } else if (kind === 'AuthorizationPolicy') {
          const t = m.spec?.targetRef ?? {};
          const targetKind = String(t.kind);
          let byTarget = this.policies.get(targetKind);
          if (byTarget === undefined) {
            byTarget = new TwoKeyIndex();
            this.policies.set(targetKind, byTarget);
          }
          byTarget.push(ns, t.kind === 'Namespace' ? t.name ?? ns : t.name, m);
        } else {
          // NetworkAuthentications admit no identity alone: nothing looks them up.
          const key = String(ns);
          let inNamespace = this.meshTlsAuthentications.get(key);
          if (inNamespace === undefined) {
            inNamespace = new Map();
            this.meshTlsAuthentications.set(key, inNamespace);
          }
          inNamespace.set(String(m.metadata.name), m);
        }
      }
    }
  }

  private indexServer(server: any, ns: string): void {
    const nsKey = String(ns);
    let inNamespace = this.servers.get(nsKey);
    if (inNamespace === undefined) {
      inNamespace = new Map();
      this.servers.set(nsKey, inNamespace);
    }
    const port = String(server.spec?.port);
    let index = inNamespace.get(port);
    if (index === undefined) {
      index = { any: [], byLabel: new Map() };
      inNamespace.set(port, index);
    }
    const matchLabels = server.spec?.podSelector?.matchLabels ?? {};
    const labels = Object.keys(matchLabels);
    const first: string | undefined = labels[0];
    if (first === undefined) {
      index.any.push(server);
      return;
    }
    let byValue = index.byLabel.get(first);
    if (byValue === undefined) {
      byValue = new Map();
      index.byLabel.set(first, byValue);
    }
    push(byValue, String(matchLabels[first]), server);
  }

  /**
   * Servers in `namespace` that select a pod with `labels` on port `name` or `number`, in the order of
   * the index: by port name then number, the Servers without a first label, then by the pod's labels in their order.
   */
  public serversFor(namespace: string, labels: Readonly<Record<string, string>>, name: string, number: number): any[] {
    const found: any[] = [];
    const inNamespace = this.servers.get(namespace);
    if (inNamespace === undefined) return [];
    collectServers(inNamespace.get(name), labels, found);
    collectServers(inNamespace.get(String(number)), labels, found);
    if (found.length === 1) return selects(found[0].spec?.podSelector ?? {}, labels) ? found : [];
    const distinct = found.length > 1 ? [...new Set(found)] : found;
    return distinct.filter((s) => selects(s.spec?.podSelector ?? {}, labels));
  }

  /** Identities the policies of `server` (the Server itself, its routes, its namespace) authorize. */
  public admitted(server: any): MeshIdentity[] {
    const admitted = new Set<MeshIdentity>();
    this.admittedBlocks(server).forEach((block) => block.forEach((i) => admitted.add(i)));
    return [...admitted];
  }

  /**
   * The identities `server` admits as the lists they come in (every identity for an open default
   * policy, then what each of its AuthorizationPolicies admits), without merging them: the lists are
   * shared by every Server whose policies have the same authentications.
   */
  public admittedBlocks(server: any): (readonly MeshIdentity[])[] {
    const ns = server.metadata.namespace;
    const name = server.metadata.name;
    const blocks = OPEN_ACCESS.has(server.spec?.accessPolicy) ? [this.identities] : [];
    this.pushAdmits(this.policies.get('Server')?.get(ns, name), ns, blocks);
    const routes = this.routes.get(ns, name) ?? [];
    for (let i = 0; i < routes.length; i++) this.pushAdmits(this.policies.get('HTTPRoute')?.get(ns, routes[i].metadata.name), ns, blocks);
    this.pushAdmits(this.policies.get('Namespace')?.get(ns, ns), ns, blocks);
    return blocks;
  }

  private pushAdmits(policies: readonly any[] | undefined, ns: string, blocks: (readonly MeshIdentity[])[]): void {
    if (policies === undefined) return;
    for (let n = 0; n < policies.length; n++) blocks.push(this.policyAdmits(policies[n], ns));
  }

  /**
   * The identities one AuthorizationPolicy admits: every one of its authentications must match. Kept per
   * namespace and refs, since the policies of many Servers share the same authentications (a caller group's).
   */
  private policyAdmits(policy: any, ns: string): readonly MeshIdentity[] {
    const refs: any[] = policy.spec?.requiredAuthenticationRefs ?? [];
    if (refs.length === 0) return [];
    if (refs.length === 1 && refs[0]?.kind === 'MeshTLSAuthentication') {
      // The common case, without a key: one authentication that names identities only by ServiceAccount
      // and Namespace refs admits exactly its candidates (kept per authentication).
      const authn = this.meshTlsAuthentication(refs[0].namespace ?? ns, refs[0].name);
      if (authn !== undefined) {
        let admits = this.admitsByAuthn.get(authn);
        if (admits === undefined) {
          admits = this.byRefsOnly(refs[0], ns) ? this.candidates(refs[0], ns) : null;
          this.admitsByAuthn.set(authn, admits);
        }
        if (admits !== null) return admits;
      }
    }
    // The fields Linkerd (and `authenticates`) read of a ref: equal keys, equal verdicts.
    let key = '';
    for (const r of refs) key += `${r.kind}\u0000${r.namespace ?? ns}\u0000${r.name}\u0001`;
    let admits = this.admitsByRefs.get(key);
    if (admits === undefined) {
      // One authentication that names identities only by ServiceAccount and Namespace refs admits exactly its candidates.
      admits = refs.length === 1 && this.byRefsOnly(refs[0], ns) ? this.candidates(refs[0], ns)
        : this.candidates(refs[0], ns).filter((i) => refs.every((r) => this.authenticates(r, ns, i)));
      this.admitsByRefs.set(key, admits);
    }
    return admits;
  }

  private meshTlsAuthentication(ns: unknown, name: unknown): any {
    return this.meshTlsAuthentications.get(String(ns))?.get(String(name));
  }

  /** Whether `ref` is an existing MeshTLSAuthentication with only `ServiceAccount` and `Namespace` identityRefs (no identity strings). */
  private byRefsOnly(ref: any, policyNs: string): boolean {
    const authn = ref.kind === 'MeshTLSAuthentication' ? this.meshTlsAuthentication(ref.namespace ?? policyNs, ref.name) : undefined;
    return authn !== undefined && (authn.spec?.identities ?? []).length === 0
      && refsByAccountOrNamespace(authn.spec?.identityRefs ?? []);
  }

  /** The identities one authentication ref can match at most, from the indexes (not every identity). */
  private candidates(ref: any, policyNs: string): readonly MeshIdentity[] {
    const ns = ref.namespace ?? policyNs;
    if (ref.kind === 'ServiceAccount') {
      return this.byAccount.get(ns, ref.name) ?? [];
    }
    const authn = ref.kind === 'MeshTLSAuthentication' ? this.meshTlsAuthentication(ns, ref.name) : undefined;
    if (!authn) {
      return [];
    }
    if ((authn.spec?.identities ?? []).length > 0) {
      return this.identities; // identity strings (wildcards): rare, checked one by one
    }
    let candidates = this.candidatesByAuthn.get(authn);
    if (candidates === undefined) {
      const refs = authn.spec?.identityRefs ?? [];
      if (Array.isArray(refs)) {
        const found: MeshIdentity[] = [];
        for (let n = 0; n < refs.length; n++) {
          const list = this.refCandidates(refs[n], ns);
          for (let k = 0; k < list.length; k++) found.push(list[k]);
        }
        candidates = found;
      } else {
        candidates = refs.flatMap((r: any) => this.refCandidates(r, ns));
      }
      this.candidatesByAuthn.set(authn, candidates!);
    }
    return candidates!;
  }

  /** The identities one `identityRefs` entry of an authentication in `ns` names. */
  private refCandidates(r: any, ns: string): readonly MeshIdentity[] {
    const refNs = r.namespace ?? ns;
    return r.kind === 'ServiceAccount' && r.name !== undefined ? this.byAccount.get(refNs, r.name) ?? [] : this.byNamespace.get(r.kind === 'Namespace' ? r.name : refNs) ?? [];
  }

  private authenticates(ref: any, policyNs: string, identity: MeshIdentity): boolean {
    const ns = ref.namespace ?? policyNs;
    if (ref.kind === 'ServiceAccount') {
      return ref.name === identity.serviceAccount && ns === identity.namespace;
    }
    if (ref.kind !== 'MeshTLSAuthentication') {
      return false; // a NetworkAuthentication needs a source address, which an identity alone does not have
    }
    const authn = this.meshTlsAuthentication(ns, ref.name);
    if (!authn) {
      return false; // Linkerd ignores a policy whose authentication does not exist
    }
    const refs = this.refMatcher(authn, ns);
    const byRef = refs.identities.has(identity) || refs.namespaces.has(identity.namespace);
    const byString = (authn.spec?.identities ?? []).some((id: string) => id === '*'
      || id.startsWith(`${identity.serviceAccount}.${identity.namespace}.serviceaccount.identity.`)
      || (id.startsWith('*.') && `${identity.serviceAccount}.${identity.namespace}.serviceaccount.identity.linkerd.cluster.local`.endsWith(id.slice(1))));
    return byRef || byString;
  }

  /**
   * An authentication's `identityRefs` as two sets, built once per authentication (a caller group's
   * chunk lists hundreds of accounts, asked about for every candidate identity): the known identities
   * it names, and the namespaces it admits whole (a `Namespace` ref, or a `ServiceAccount` ref without
   * a name).
   */
  private refMatcher(authn: any, ns: string): RefMatcher {
    let matcher = this.matchers.get(authn);
    if (matcher === undefined) {
      const identities = new Set<MeshIdentity>();
      const namespaces = new Set<string>();
      for (const r of authn.spec?.identityRefs ?? []) {
        if (r.kind === 'ServiceAccount') {
          const refNs = r.namespace ?? ns;
          if (r.name === undefined) namespaces.add(refNs);
          else (this.byAccount.get(refNs, r.name) ?? []).forEach((i) => identities.add(i));
        } else if (r.kind === 'Namespace') {
          namespaces.add(r.name);
        }
      }
      matcher = { identities, namespaces };
      this.matchers.set(authn, matcher);
    }
    return matcher;
  }
}

/** What an authentication's `identityRefs` admit, as sets. */
interface RefMatcher {
  readonly identities: ReadonlySet<MeshIdentity>;
  readonly namespaces: ReadonlySet<string>;
}

/** Whether every `identityRefs` entry names a ServiceAccount or a Namespace. */
function refsByAccountOrNamespace(refs: any): boolean {
  if (!Array.isArray(refs)) return refs.every((r: any) => r.kind === 'ServiceAccount' || r.kind === 'Namespace');
  for (let n = 0; n < refs.length; n++) {
    if (refs[n].kind !== 'ServiceAccount' && refs[n].kind !== 'Namespace') return false;
  }
  return true;
}

/** Whether `apiVersion` is of Linkerd's policy group (`policy.linkerd.io/<version>`). */
function inPolicyGroup(apiVersion: unknown): boolean {
  const v = String(apiVersion ?? '');
  return v.startsWith(POLICY_GROUP) && (v.length === POLICY_GROUP.length || v[POLICY_GROUP.length] === '/');
}

/** A namespace and port's Servers: those whose pod selector has no first label, and the others by it. */
interface ServerIndex {
  readonly any: any[];
  readonly byLabel: Map<string, Map<string, any[]>>;
}

/** Appends the Servers of `index` that may select a pod with `labels` (`selects` decides). */
function collectServers(index: ServerIndex | undefined, labels: Readonly<Record<string, string>>, found: any[]): void {
  if (index === undefined) return;
  for (let n = 0; n < index.any.length; n++) found.push(index.any[n]);
  if (index.byLabel.size === 0) return;
  for (const k in labels) {
    const list = index.byLabel.get(k)?.get(labels[k]);
    if (list !== undefined) for (let n = 0; n < list.length; n++) found.push(list[n]);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
