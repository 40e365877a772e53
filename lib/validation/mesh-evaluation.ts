import { selects } from '../analysis/cluster-view';

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
  private readonly servers = new Map<string, ServerIndex>();
  private readonly policies = new Map<string, any[]>();
  private readonly routes = new Map<string, any[]>();
  private readonly authentications = new Map<string, any>();
  private readonly admitsByRefs = new Map<string, readonly MeshIdentity[]>();
  private readonly matchers = new Map<object, RefMatcher>();
  private readonly candidatesByAuthn = new Map<object, readonly MeshIdentity[]>();

  private readonly byAccount = new Map<string, MeshIdentity[]>();
  private readonly byNamespace = new Map<string, MeshIdentity[]>();

  constructor(manifests: readonly any[], private readonly identities: readonly MeshIdentity[]) {
    for (const i of identities) {
      push(this.byAccount, `${i.namespace}/${i.serviceAccount}`, i);
      push(this.byNamespace, i.namespace, i);
    }
    for (const m of manifests) {
      const kind = m?.kind;
      if (kind === 'HTTPRoute') {
        const ns = m.metadata?.namespace;
        for (const p of m.spec?.parentRefs ?? []) {
          if (p.kind === 'Server') push(this.routes, `${p.namespace ?? ns}/${p.name}`, m);
        }
      } else if ((kind === 'Server' || kind === 'AuthorizationPolicy' || kind === 'MeshTLSAuthentication' || kind === 'NetworkAuthentication') && inPolicyGroup(m.apiVersion)) {
        const ns = m.metadata?.namespace;
        if (kind === 'Server') {
          this.indexServer(m, ns);
        } else if (kind === 'AuthorizationPolicy') {
          const t = m.spec?.targetRef ?? {};
          push(this.policies, `${ns}/${t.kind}/${t.kind === 'Namespace' ? t.name ?? ns : t.name}`, m);
        } else {
          this.authentications.set(`${ns}/${kind}/${m.metadata.name}`, m);
        }
      }
    }
  }

  private indexServer(server: any, ns: string): void {
    const key = `${ns}/${server.spec?.port}`;
    let index = this.servers.get(key);
    if (index === undefined) {
      index = { any: [], byLabel: new Map() };
      this.servers.set(key, index);
    }
    const matchLabels = server.spec?.podSelector?.matchLabels ?? {};
    let first: string | undefined;
    for (const k of Object.keys(matchLabels)) {
      first = k;
      break;
    }
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
    collectServers(this.servers.get(`${namespace}/${name}`), labels, found);
    collectServers(this.servers.get(`${namespace}/${number}`), labels, found);
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
    this.pushAdmits(this.policies.get(`${ns}/Server/${name}`), ns, blocks);
    for (const r of this.routes.get(`${ns}/${name}`) ?? []) this.pushAdmits(this.policies.get(`${ns}/HTTPRoute/${r.metadata.name}`), ns, blocks);
    this.pushAdmits(this.policies.get(`${ns}/Namespace/${ns}`), ns, blocks);
    return blocks;
  }

  private pushAdmits(policies: readonly any[] | undefined, ns: string, blocks: (readonly MeshIdentity[])[]): void {
    if (policies === undefined) return;
    for (const policy of policies) blocks.push(this.policyAdmits(policy, ns));
  }

  /**
   * The identities one AuthorizationPolicy admits: every one of its authentications must match. Kept per
   * namespace and refs, since the policies of many Servers share the same authentications (a caller group's).
   */
  private policyAdmits(policy: any, ns: string): readonly MeshIdentity[] {
    const refs: any[] = policy.spec?.requiredAuthenticationRefs ?? [];
    if (refs.length === 0) return [];
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

  /** Whether `ref` is an existing MeshTLSAuthentication with only `ServiceAccount` and `Namespace` identityRefs (no identity strings). */
  private byRefsOnly(ref: any, policyNs: string): boolean {
    const authn = ref.kind === 'MeshTLSAuthentication' ? this.authentications.get(`${ref.namespace ?? policyNs}/MeshTLSAuthentication/${ref.name}`) : undefined;
    return authn !== undefined && (authn.spec?.identities ?? []).length === 0
      && (authn.spec?.identityRefs ?? []).every((r: any) => r.kind === 'ServiceAccount' || r.kind === 'Namespace');
  }

  /** The identities one authentication ref can match at most, from the indexes (not every identity). */
  private candidates(ref: any, policyNs: string): readonly MeshIdentity[] {
    const ns = ref.namespace ?? policyNs;
    if (ref.kind === 'ServiceAccount') {
      return this.byAccount.get(`${ns}/${ref.name}`) ?? [];
    }
    const authn = ref.kind === 'MeshTLSAuthentication' ? this.authentications.get(`${ns}/MeshTLSAuthentication/${ref.name}`) : undefined;
    if (!authn) {
      return [];
    }
    if ((authn.spec?.identities ?? []).length > 0) {
      return this.identities; // identity strings (wildcards): rare, checked one by one
    }
    let candidates = this.candidatesByAuthn.get(authn);
    if (candidates === undefined) {
      candidates = (authn.spec?.identityRefs ?? []).flatMap((r: any) => {
        const refNs = r.namespace ?? ns;
        return r.kind === 'ServiceAccount' && r.name !== undefined ? this.byAccount.get(`${refNs}/${r.name}`) ?? [] : this.byNamespace.get(r.kind === 'Namespace' ? r.name : refNs) ?? [];
      });
      this.candidatesByAuthn.set(authn, candidates!);
    }
    return candidates!;
  }

  private authenticates(ref: any, policyNs: string, identity: MeshIdentity): boolean {
    const ns = ref.namespace ?? policyNs;
    if (ref.kind === 'ServiceAccount') {
      return ref.name === identity.serviceAccount && ns === identity.namespace;
    }
    if (ref.kind !== 'MeshTLSAuthentication') {
      return false; // a NetworkAuthentication needs a source address, which an identity alone does not have
    }
    const authn = this.authentications.get(`${ns}/MeshTLSAuthentication/${ref.name}`);
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
          else (this.byAccount.get(`${refNs}/${r.name}`) ?? []).forEach((i) => identities.add(i));
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
  for (const s of index.any) found.push(s);
  if (index.byLabel.size === 0) return;
  for (const k in labels) {
    const list = index.byLabel.get(k)?.get(labels[k]);
    if (list !== undefined) for (const s of list) found.push(s);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
