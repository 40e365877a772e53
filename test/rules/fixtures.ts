// Minimal hand-written manifests: a good meshed namespace with two workloads and one declared call, and
// helpers that break one thing at a time.

export const NS = 'shop';

export function namespace(name = NS, meshed = true): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations: meshed ? { 'linkerd.io/inject': 'enabled' } : {} } };
}

export function deployment(name: string, port: number, extra: { ns?: string; env?: any[]; hostNetwork?: boolean } = {}): any {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: extra.ns ?? NS },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          serviceAccountName: name,
          ...(extra.hostNetwork ? { hostNetwork: true } : {}),
          containers: [{ name: 'main', image: `registry.example.com/${name}:1`, ports: [{ name: 'http', containerPort: port }], ...(extra.env ? { env: extra.env } : {}) }],
        },
      },
    },
  };
}

export function serviceAccount(name: string, ns = NS): any {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } };
}

export function defaultDeny(types: string[] = ['Ingress', 'Egress'], ns = NS): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: ns }, spec: { podSelector: {}, policyTypes: types } };
}

/** `web` may call `api` on 8080 (and 4143 when `proxyPort`), in both directions' policies. */
export function callPolicies(opts: { proxyPort?: boolean; peer?: any } = {}): any[] {
  const ports = [{ protocol: 'TCP', port: 8080 }, ...(opts.proxyPort === false ? [] : [{ protocol: 'TCP', port: 4143 }])];
  return [
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'api-ingress', namespace: NS },
      spec: { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ from: [opts.peer ?? { podSelector: { matchLabels: { app: 'web' } } }], ports }] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web-egress', namespace: NS },
      spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports }] } },
  ];
}

/** Linkerd policy admitting `web` to `api`'s http port. */
export function meshPolicy(): any[] {
  const meta = (name: string) => ({ name, namespace: NS });
  return [
    { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: meta('api-http'), spec: { podSelector: { matchLabels: { app: 'api' } }, port: 'http', proxyProtocol: 'HTTP/1' } },
    { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: meta('api-callers'), spec: { identityRefs: [{ kind: 'ServiceAccount', name: 'web' }] } },
    { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'AuthorizationPolicy', metadata: meta('api-http'),
      spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'api-callers' }] } },
    { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'HTTPRoute', metadata: meta('api-read'),
      spec: { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }] } },
  ];
}

export function realmImport(clients: any[], extra: Record<string, any> = {}): any {
  return {
    apiVersion: 'k8s.keycloak.org/v2alpha1', kind: 'KeycloakRealmImport', metadata: { name: 'platform', namespace: NS },
    spec: { keycloakCRName: 'keycloak', realm: { realm: 'platform', clients, ...extra } },
  };
}

export const SPA = { clientId: 'spa', publicClient: true, standardFlowEnabled: true, attributes: { 'pkce.code.challenge.method': 'S256' } };

/** A platform no rule objects to. */
export function goodPlatform(): any[] {
  return [
    namespace(), serviceAccount('web'), serviceAccount('api'),
    deployment('web', 3000), deployment('api', 8080),
    defaultDeny(), ...callPolicies(), ...meshPolicy(),
    realmImport([SPA, { clientId: 'api', publicClient: false, secret: '${CLIENT_SECRET_API}' }]),
  ];
}
