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
  /** Servers by namespace, port (name or number, as the Server names it) and the first label of their pod selector. */
  private readonly servers = new Map<string, any[]>();
  /** The label keys of the Servers' index (the first of their `matchLabels`). */
  private readonly selectorKeys = new Set<string>();
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
      const group = String(m?.apiVersion ?? '').split('/')[0];
      const ns = m?.metadata?.namespace;
      if (m?.kind === 'Server' && group === POLICY_GROUP) {
        const [first] = Object.entries(m.spec?.podSelector?.matchLabels ?? {});
        if (first) this.selectorKeys.add(first[0]);
        push(this.servers, `${ns}/${m.spec?.port}/${first ? `${first[0]}=${first[1]}` : '*'}`, m);
      } else if (m?.kind === 'AuthorizationPolicy' && group === POLICY_GROUP) {
        const t = m.spec?.targetRef ?? {};
        push(this.policies, `${ns}/${t.kind}/${t.kind === 'Namespace' ? t.name ?? ns : t.name}`, m);
      } else if (m?.kind === 'HTTPRoute') {
        (m.spec?.parentRefs ?? []).filter((p: any) => p.kind === 'Server').forEach((p: any) => push(this.routes, `${p.namespace ?? ns}/${p.name}`, m));
      } else if ((m?.kind === 'MeshTLSAuthentication' || m?.kind === 'NetworkAuthentication') && group === POLICY_GROUP) {
        this.authentications.set(`${ns}/${m.kind}/${m.metadata.name}`, m);
      }
    }
  }

  /** Servers in `namespace` that select a pod with `labels` on port `name` or `number`. */
  public serversFor(namespace: string, labels: Readonly<Record<string, string>>, name: string, number: number): any[] {
    // Only the labels some Server is indexed by can find one: the others would only build keys.
    const indexed = Object.entries(labels).filter(([k]) => this.selectorKeys.has(k)).map(([k, v]) => `${k}=${v}`);
    const found = new Set<any>();
    for (const port of [name, number]) {
      for (const l of ['*', ...indexed]) {
        this.servers.get(`${namespace}/${port}/${l}`)?.forEach((s) => found.add(s));
      }
    }
    return [...found].filter((s) => selects(s.spec?.podSelector ?? {}, labels));
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
    const routes = this.routes.get(`${ns}/${name}`);
    const policies = [
      ...(this.policies.get(`${ns}/Server/${name}`) ?? []),
      ...(routes === undefined ? [] : routes.flatMap((r) => this.policies.get(`${ns}/HTTPRoute/${r.metadata.name}`) ?? [])),
      ...(this.policies.get(`${ns}/Namespace/${ns}`) ?? []),
    ];
    const blocks = OPEN_ACCESS.has(server.spec?.accessPolicy) ? [this.identities] : [];
    for (const policy of policies) {
      blocks.push(this.policyAdmits(policy, ns));
    }
    return blocks;
  }

  /**
   * The identities one AuthorizationPolicy admits: every one of its authentications must match. Kept per
   * namespace and refs, since the policies of many Servers share the same authentications (a caller group's).
   */
  private policyAdmits(policy: any, ns: string): readonly MeshIdentity[] {
    const refs: any[] = policy.spec?.requiredAuthenticationRefs ?? [];
    if (refs.length === 0) return [];
    // The fields Linkerd (and `authenticates`) read of a ref: equal keys, equal verdicts.
    const key = refs.map((r) => `${r.kind}\u0000${r.namespace ?? ns}\u0000${r.name}`).join('\u0001');
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
