import { LABELS } from '../labels';

/** One Allow rule of an edge SecurityPolicy: which requests end users may send, with which token. */
export interface EdgeAccess {
  /** `SecurityPolicy/<name>` */
  readonly policy: string;
  readonly rule: string;
  /** Empty: every method. */
  readonly methods: string[];
  readonly path: string;
  readonly pathMatch: string;
  /** No token needed (a route the blueprint marks public). */
  readonly public: boolean;
  /** Claims the token must carry, as `<claim>: <value>|<value>` (roles, or the issuer alone). */
  readonly requires: string[];
}

/**
 * The Allow rules of the Envoy Gateway SecurityPolicies of each service (by the service label the
 * library puts on them, else by the targeted HTTPRoute's name), in rule order.
 */
export function edgeAccessByService(manifests: readonly any[]): Map<string, EdgeAccess[]> {
  const result = new Map<string, EdgeAccess[]>();
  for (const policy of manifests.filter((m) => m?.kind === 'SecurityPolicy' && String(m.apiVersion).startsWith('gateway.envoyproxy.io/'))) {
    const service: string | undefined = policy.metadata?.labels?.[LABELS.service] ?? policy.spec?.targetRefs?.[0]?.name;
    if (service === undefined) {
      continue;
    }
    const rules = (policy.spec?.authorization?.rules ?? []).filter((r: any) => r.action === 'Allow').map((r: any): EdgeAccess => {
      const claims: any[] = r.principal?.jwt?.claims ?? [];
      return {
        policy: `SecurityPolicy/${policy.metadata?.name}`,
        rule: r.name ?? '',
        methods: [...(r.operation?.methods ?? [])],
        path: r.operation?.path?.value ?? '/',
        pathMatch: r.operation?.path?.type ?? 'PathPrefix',
        public: r.principal?.jwt === undefined,
        requires: claims.map((c) => `${c.name}: ${(c.values ?? []).join('|')}`),
      };
    });
    result.set(service, [...(result.get(service) ?? []), ...rules]);
  }
  return result;
}
