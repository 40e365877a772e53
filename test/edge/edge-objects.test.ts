// The edge objects of the reference platform, checked against the blueprint's own text (not the model):
// every route of an exposed API is a named HTTPRoute rule and an authorization rule with exactly the
// roles the blueprint requires, and all of it is valid against the Gateway API and Envoy Gateway schemas.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createHash } from 'crypto';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ZeroTrustBlueprintProps } from '../../lib';
import { buildModel } from '../../lib/model';
import { SchemaValidator } from '../support/k8s-schemas';
import { exampleProps, findObject, synthBlueprint, synthExample } from '../support/synth';
import { runKubeconform } from '../support/tools';

const props: ZeroTrustBlueprintProps = exampleProps();
const { manifests } = synthExample();
const edge = props.edge!;
const gatewayService = props.services.find((s) => s.name === edge.service)!;
const gatewayNamespace = props.zones?.find((z) => z.name === gatewayService.zone)?.namespace ?? gatewayService.zone;
const issuer = `https://${props.keycloak!.hostname}/realms/${props.keycloak!.realm ?? 'platform'}`;
const realmName = props.keycloak!.realm ?? 'platform';
const keycloak = props.services.find((s) => s.name === (props.keycloak!.service ?? 'keycloak'))!;
const keycloakNamespace = props.zones?.find((z) => z.name === keycloak.zone)?.namespace ?? keycloak.zone;
const keycloakHttps = keycloak.ports!.find((p) => p.name === 'https')!;
const edgeKinds = new Set(['Gateway', 'EnvoyProxy', 'HTTPRoute', 'SecurityPolicy', 'BackendTLSPolicy', 'ReferenceGrant']);
const edgeObjects = manifests.filter((m) => edgeKinds.has(m.kind) && /gateway\./.test(m.apiVersion));

describe('the reference platform\'s edge', () => {
  it('has a Gateway named after the DMZ gateway service, with an HTTPS listener on its first port', () => {
    const gw = findObject(manifests, 'Gateway', gatewayNamespace, edge.service);
    expect(gw.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gw.spec.gatewayClassName).toBe('eg');
    const port = gatewayService.ports![0];
    expect(gw.spec.listeners).toEqual([expect.objectContaining({
      name: port.name, port: port.port, protocol: 'HTTPS',
      tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: `${edge.service}-edge-tls` }] },
    })]);
    // Routes are accepted only from the namespaces of the exposed APIs.
    const apiNamespaces = edge.apis.map((a) => props.services.find((s) => s.name === a.service)!.zone).sort();
    expect(gw.spec.listeners[0].allowedRoutes.namespaces.selector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'In', values: [...new Set(apiNamespaces)] },
    ]);
  });

  it('has an EnvoyProxy (parametersRef) that meshes the proxy pods and routes to Service addresses', () => {
    const gw = findObject(manifests, 'Gateway', gatewayNamespace, edge.service);
    const ref = gw.spec.infrastructure.parametersRef;
    expect(ref).toMatchObject({ group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy' });
    const proxy = findObject(manifests, 'EnvoyProxy', gatewayNamespace, ref.name);
    expect(proxy.spec.routingType).toBe('Service');
    expect(proxy.spec.provider.type).toBe('Kubernetes');
    expect(proxy.spec.provider.kubernetes.envoyDeployment.pod.annotations).toEqual({ 'linkerd.io/inject': 'enabled' });
  });

  for (const api of edge.apis) {
    const svc = props.services.find((s) => s.name === api.service)!;
    const ns = svc.zone;
    const routes = svc.routes ?? [];
    const clientId = api.clientId ?? api.service;

    describe(`API ${api.service}`, () => {
      const route = findObject(manifests, 'HTTPRoute', ns, `${api.service}-edge`);
      const policy = findObject(manifests, 'SecurityPolicy', ns, `${api.service}-edge`);

      it('has one HTTPRoute on the Gateway with a named rule per declared route and a default rule', () => {
        expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
        expect(route.spec.parentRefs).toEqual([{ name: edge.service, namespace: gatewayNamespace, sectionName: gatewayService.ports![0].name }]);
        expect(route.spec.hostnames).toEqual(edge.hostnames);
        expect(route.spec.rules.map((r: any) => r.name)).toEqual([...routes.map((r) => r.name), 'default']);
        for (const r of routes) {
          const rule = route.spec.rules.find((x: any) => x.name === r.name);
          const expected = (r.methods ?? [undefined]).map((m) => ({ path: { type: r.pathMatch ?? 'PathPrefix', value: r.path ?? '/' }, ...(m ? { method: m } : {}) }));
          expect(rule.matches).toEqual(expected);
        }
        expect(route.spec.rules.at(-1).matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
        const port = svc.ports!.find((p) => p.name === (api.port ?? 'http'))!;
        for (const rule of route.spec.rules) {
          expect(rule.backendRefs).toEqual([{ name: svc.name, port: port.port }]);
        }
      });

      it('has one SecurityPolicy for the whole route: Bearer header only, issuer, audience, JWKS, claim headers', () => {
        expect(policy.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: route.metadata.name }]);
        expect(policy.spec.targetRef).toBeUndefined();
        const [provider] = policy.spec.jwt.providers;
        expect(policy.spec.jwt.providers).toHaveLength(1);
        expect(provider.issuer).toBe(issuer);
        expect(provider.audiences).toEqual([clientId]);
        // Keycloak's certificate is the service CA's: the keys are fetched in the cluster, from Keycloak's Service.
        expect(provider.remoteJWKS.uri).toBe(`https://${keycloak.name}.${keycloakNamespace}.svc:${keycloakHttps.port}/realms/${realmName}/protocol/openid-connect/certs`);
        expect(provider.remoteJWKS.backendRefs).toEqual([{ group: '', kind: 'Service', name: keycloak.name,
          ...(keycloakNamespace !== ns ? { namespace: keycloakNamespace } : {}), port: keycloakHttps.port }]);
        // Only the Authorization header: no ?access_token= query parameter, no cookie.
        expect(provider.extractFrom).toEqual({ headers: [{ name: 'Authorization', valuePrefix: 'Bearer ' }] });
        const claims = (props.keycloak!.claims ?? [{ name: 'organization' }, { name: 'department' }, { name: 'employee_id' }]).map((c) => c.name);
        expect(provider.claimToHeaders.map((c: any) => c.claim).sort()).toEqual(['sub', ...claims].sort());
        for (const c of provider.claimToHeaders) {
          expect(c.header).toBe(`x-jwt-claim-${c.claim.replace(/_/g, '-')}`);
        }
        // No route of the example is public, so a token is always required.
        expect(policy.spec.jwt.optional).toBeUndefined();
      });

      it('denies by default and allows each route exactly for the roles the blueprint requires', () => {
        const authz = policy.spec.authorization;
        expect(authz.defaultAction).toBe('Deny');
        for (const r of routes) {
          const allow = authz.rules.find((x: any) => x.name === r.name);
          expect(allow.action).toBe('Allow');
          expect(allow.operation.path).toEqual({ type: r.pathMatch ?? 'PathPrefix', value: r.path ?? '/' });
          expect(allow.operation.methods).toEqual(r.methods);
          const claims = allow.principal.jwt.claims;
          expect(allow.principal.jwt.provider).toBe(policy.spec.jwt.providers[0].name);
          if (r.requireUserRoles) {
            expect(claims).toContainEqual({ name: 'realm_access.roles', valueType: 'StringArray', values: [...r.requireUserRoles].sort() });
          }
          if (r.requireClientRoles) {
            expect(claims).toContainEqual({ name: `resource_access.${clientId}.roles`, valueType: 'StringArray', values: [...r.requireClientRoles].sort() });
          }
          if (!r.requireUserRoles && !r.requireClientRoles) {
            expect(claims).toEqual([{ name: 'iss', valueType: 'String', values: [issuer] }]);
          }
          // A request on the route that fails its check is denied before any broader route could allow it.
          const deny = authz.rules.find((x: any) => x.name === `${r.name}-otherwise-deny`);
          expect(deny).toEqual({ name: `${r.name}-otherwise-deny`, action: 'Deny', operation: allow.operation, principal: { clientCIDRs: ['0.0.0.0/0', '::/0'] } });
          expect(authz.rules.indexOf(deny)).toBe(authz.rules.indexOf(allow) + 1);
        }
        // The example's reports route is for end users holding viewer.
        expect(authz.rules.find((x: any) => x.name === 'reports').principal.jwt.claims)
          .toEqual([{ name: 'realm_access.roles', valueType: 'StringArray', values: ['viewer'] }]);
      });

      it('publishes the token contract for calls that do not pass the edge', () => {
        const cm = findObject(manifests, 'ConfigMap', ns, `${api.service}-token-contract`);
        expect(cm.data).toMatchObject({ issuer, 'audience': clientId, 'jwks-uri': `${issuer}/protocol/openid-connect/certs` });
        const contract = JSON.parse(cm.data['routes.json']);
        expect(contract.map((r: any) => r.name)).toEqual(routes.map((r) => r.name));
        for (const r of routes) {
          expect(contract.find((c: any) => c.name === r.name)).toEqual({
            name: r.name, pathMatch: r.pathMatch ?? 'PathPrefix', path: r.path ?? '/', methods: [...(r.methods ?? [])].sort(),
            public: r.public ?? false, requireUserRoles: [...(r.requireUserRoles ?? [])].sort(), requireClientRoles: [...(r.requireClientRoles ?? [])].sort(),
          });
        }
      });
    });
  }

  it("verifies Keycloak's certificate on the JWKS fetch: a BackendTLSPolicy on its Service's https port, with the service CA bundle", () => {
    const policy = findObject(manifests, 'BackendTLSPolicy', keycloakNamespace, `${keycloak.name}-edge-jwks`);
    expect(policy.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(policy.spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: keycloak.name, sectionName: 'https' }],
      // The ConfigMap trust-manager writes into every zone namespace (docs/pki.md), for the name the certificate carries.
      validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'zero-trust-service-ca' }], hostname: `${keycloak.name}.${keycloakNamespace}.svc` },
    });
    const cert = findObject(manifests, 'Certificate', keycloakNamespace, keycloak.name);
    expect(cert.spec.dnsNames).toContain(policy.spec.validation.hostname);
    // Keycloak and the API share a namespace here: no ReferenceGrant is needed.
    expect(manifests.filter((m) => m.kind === 'ReferenceGrant')).toEqual([]);
  });

  it('validates against the Gateway API v1.6.1 and Envoy Gateway v1.9.1 schemas (ajv and kubeconform -strict)', () => {
    expect(edgeObjects.map((m) => m.kind).sort()).toEqual(['BackendTLSPolicy', 'EnvoyProxy', 'Gateway', 'HTTPRoute', 'SecurityPolicy']);
    const validator = new SchemaValidator();
    for (const m of edgeObjects) {
      expect(validator.schemaFile(m.apiVersion, m.kind)).toMatch(/(gateway-api-1\.6\.1|envoy-gateway-1\.9\.1)/);
    }
    expect(validator.validateAll(edgeObjects)).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'zt-edge-'));
    const file = join(dir, 'edge.yaml');
    writeFileSync(file, edgeObjects.map((m) => stringify(m)).join('---\n'));
    const result = runKubeconform([file]);
    expect(result).toMatchObject({ valid: edgeObjects.length, invalid: 0, errors: 0, missing: 0 });
  });
});

describe('Envoy Gateway\'s proxy ServiceAccount', () => {
  const base = (extra: object = {}): ZeroTrustBlueprintProps => ({ ...props, edge: { ...edge, ...extra } });

  it('is envoy-<ns>-<name>-<sha256("<ns>/<name>")[0:8]>, as Envoy Gateway names it', () => {
    const model = buildModel(base());
    const hash = createHash('sha256').update(`${gatewayNamespace}/${edge.service}`).digest('hex').slice(0, 8);
    expect(model.edge!.proxy.serviceAccount).toBe(`envoy-${gatewayNamespace}-${edge.service}-${hash}`);
    expect(model.edge!.proxy.namespace).toBe('envoy-gateway-system');
    expect(buildModel(base({ proxyServiceAccount: 'edge-proxy', controllerNamespace: 'eg' })).edge!.proxy)
      .toMatchObject({ serviceAccount: 'edge-proxy', namespace: 'eg' });
  });
});

describe("the proxy's JWKS fetch", () => {
  const variant = (mutate: (b: any) => void): any[] => {
    const p = JSON.parse(JSON.stringify(props));
    mutate(p);
    return synthBlueprint(p);
  };

  it('grants the reference from an API in another namespace than Keycloak (ReferenceGrant in Keycloak\'s namespace)', () => {
    // Keycloak in the management zone: every flow crossing into or out of it carries an exception.
    const out = variant((p) => {
      const kc = p.services.find((s: any) => s.name === 'keycloak');
      kc.zone = 'management';
      kc.allowFrom.forEach((f: any) => { f.zoneRuleException = 'test: Keycloak in another namespace'; });
      p.services.find((s: any) => s.name === 'postgresql').allowFrom.find((f: any) => f.service === 'keycloak').zoneRuleException = 'test';
    });
    const provider = findObject(out, 'SecurityPolicy', 'app', 'business-api-edge').spec.jwt.providers[0];
    expect(provider.remoteJWKS.backendRefs).toEqual([{ group: '', kind: 'Service', name: 'keycloak', namespace: 'management', port: keycloakHttps.port }]);
    const grant = findObject(out, 'ReferenceGrant', 'management', 'keycloak-edge-jwks');
    expect(grant.spec).toEqual({ from: [{ group: 'gateway.envoyproxy.io', kind: 'SecurityPolicy', namespace: 'app' }], to: [{ group: '', kind: 'Service', name: 'keycloak' }] });
    expect(new SchemaValidator().validateAll([grant])).toEqual([]);
  });

  it('uses the public hostname, and opens no path to Keycloak, when Keycloak does not serve a service-CA certificate', () => {
    const out = variant((p) => { p.keycloak.tlsSecretName = 'keycloak-public-tls'; });
    const provider = findObject(out, 'SecurityPolicy', 'app', 'business-api-edge').spec.jwt.providers[0];
    expect(provider.remoteJWKS).toEqual({ uri: `${issuer}/protocol/openid-connect/certs` });
    expect(out.filter((m) => m.kind === 'BackendTLSPolicy')).toEqual([]);
    const ingress = findObject(out, 'NetworkPolicy', keycloakNamespace, `${keycloak.name}-ingress`);
    expect(JSON.stringify(ingress.spec)).not.toContain('envoy-gateway-system');
  });
});

describe('public routes and nested routes', () => {
  const withRoutes = (routes: any[]): any[] => {
    const p = JSON.parse(JSON.stringify(props));
    p.services.find((s: any) => s.name === 'business-api').routes.push(...routes);
    return synthBlueprint(p);
  };
  const policyOf = (out: any[]) => findObject(out, 'SecurityPolicy', 'app', 'business-api-edge').spec;

  it('a public route is allowed without a principal, and only then is the token optional', () => {
    const spec = policyOf(withRoutes([{ name: 'health', path: '/api/health', pathMatch: 'Exact', methods: ['GET'], public: true, allowServices: ['gateway'] }]));
    expect(spec.jwt.optional).toBe(true);
    const health = spec.authorization.rules.find((r: any) => r.name === 'health');
    // Envoy Gateway requires a principal on every rule: every client address, no token.
    expect(health).toEqual({ name: 'health', action: 'Allow', operation: { methods: ['GET'], path: { type: 'Exact', value: '/api/health' } }, principal: { clientCIDRs: ['0.0.0.0/0', '::/0'] } });
    expect(spec.authorization.rules.find((r: any) => r.name === 'health-otherwise-deny')).toBeUndefined();
    // Every other rule still requires a token.
    for (const rule of spec.authorization.rules.filter((r: any) => r.action === 'Allow' && r.name !== 'health')) {
      expect(rule.principal.jwt.claims.length).toBeGreaterThan(0);
      expect(rule.principal.clientCIDRs).toBeUndefined();
    }
  });

  it('orders the rules most specific first, as the Gateway API matches routes', () => {
    const spec = policyOf(withRoutes([
      { name: 'approve', path: '/api/invoices/approve', methods: ['POST'], requireClientRoles: ['invoice-approver'], allowServices: ['gateway'] },
      { name: 'exact-status', path: '/api', pathMatch: 'Exact', methods: ['GET'], public: true, allowServices: ['gateway'] },
    ]));
    const allows = spec.authorization.rules.filter((r: any) => r.action === 'Allow').map((r: any) => r.name);
    expect(allows).toEqual(['exact-status', 'approve', 'reports', 'public-api']);
    const approve = spec.authorization.rules.find((r: any) => r.name === 'approve');
    expect(approve.principal.jwt.claims).toEqual([{ name: 'resource_access.business-api.roles', valueType: 'StringArray', values: ['invoice-approver'] }]);
  });

  it('is byte-identical for the same blueprint', () => {
    const a = stringify(synthBlueprint(props).filter((m) => edgeKinds.has(m.kind)));
    const b = stringify(synthBlueprint(props).filter((m) => edgeKinds.has(m.kind)));
    expect(a).toBe(b);
  });
});
