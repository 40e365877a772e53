import { selects } from '../analysis/cluster-view';

const POLICY_GROUP = 'policy.linkerd.io';

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
    const keys = [name, number].flatMap((port) => ['*', ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)].map((l) => `${namespace}/${port}/${l}`));
    return [...new Set(keys.flatMap((k) => this.servers.get(k) ?? []))].filter((s) => selects(s.spec?.podSelector ?? {}, labels));
  }

  /** Identities the policies of `server` (the Server itself, its routes, its namespace) authorize. */
  public admitted(server: any): MeshIdentity[] {
    const ns = server.metadata.namespace;
    const routes = this.routes.get(`${ns}/${server.metadata.name}`) ?? [];
    const policies = [
      ...(this.policies.get(`${ns}/Server/${server.metadata.name}`) ?? []),
      ...routes.flatMap((r) => this.policies.get(`${ns}/HTTPRoute/${r.metadata.name}`) ?? []),
      ...(this.policies.get(`${ns}/Namespace/${ns}`) ?? []),
    ];
    const admitted = new Set<MeshIdentity>();
    if (['all-authenticated', 'all-unauthenticated', 'cluster-authenticated', 'cluster-unauthenticated'].includes(server.spec?.accessPolicy)) {
      this.identities.forEach((i) => admitted.add(i));
    }
    for (const policy of policies) {
      this.policyAdmits(policy, ns).forEach((i) => admitted.add(i));
    }
    return [...admitted];
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
      admits = this.candidates(refs[0], ns).filter((i) => refs.every((r) => this.authenticates(r, ns, i)));
      this.admitsByRefs.set(key, admits);
    }
    return admits;
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
