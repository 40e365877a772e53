// Edge blueprints that must be refused: each case names the field (JSON path), what is wrong and what to do.
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprintProps } from '../../lib';
import { issuesOfModel } from '../support/blueprint-issues';
import { exampleProps } from '../support/synth';

interface Case {
  readonly name: string;
  readonly mutate: (b: any) => void;
  readonly path: string;
  readonly message: RegExp;
}

const svcIndex = (b: any, name: string) => b.services.findIndex((s: any) => s.name === name);
const svc = (b: any, name: string) => b.services[svcIndex(b, name)];
const reports = (b: any) => svc(b, 'business-api').routes.find((r: any) => r.name === 'reports');
const example = exampleProps();
const API = svcIndex(example, 'business-api');
const REPORTS = example.services[API].routes!.findIndex((r) => r.name === 'reports');

const CASES: Case[] = [
  { name: 'no keycloak', mutate: (b) => { delete b.keycloak; }, path: 'edge', message: /declare `keycloak`/ },
  { name: 'unknown edge service', mutate: (b) => { b.edge.service = 'ingress'; }, path: 'edge.service', message: /unknown service "ingress"/ },
  { name: 'edge outside the DMZ', mutate: (b) => { b.edge.service = 'auth-service'; }, path: 'edge.service', message: /must be a dmz zone service/ },
  { name: 'bad gateway class', mutate: (b) => { b.edge.gatewayClassName = 'Envoy_GW'; }, path: 'edge.gatewayClassName', message: /DNS-1123/ },
  { name: 'bad controller namespace', mutate: (b) => { b.edge.controllerNamespace = 'Envoy'; }, path: 'edge.controllerNamespace', message: /DNS-1123/ },
  { name: 'bad host name', mutate: (b) => { b.edge.hostnames = ['https://api.example.com']; }, path: 'edge.hostnames[0]', message: /is not a host name/ },
  { name: 'no APIs', mutate: (b) => { b.edge.apis = []; }, path: 'edge.apis', message: /at least one API/ },
  { name: 'API twice', mutate: (b) => { b.edge.apis.push({ service: 'business-api' }); }, path: 'edge.apis[1].service', message: /exposed twice/ },
  { name: 'unknown API service', mutate: (b) => { b.edge.apis[0].service = 'billing'; }, path: 'edge.apis[0].service', message: /unknown service "billing"/ },
  { name: 'API port that is not HTTP', mutate: (b) => { b.edge.apis[0].port = 'metrics'; }, path: 'edge.apis[0].port', message: /no http or http2 port named "metrics"/ },
  { name: 'API the edge may not call', mutate: (b) => { svc(b, 'business-api').allowFrom.splice(0, 1); svc(b, 'business-api').routes[0].allowServices = []; svc(b, 'business-api').routes[0].allowRoles = ['viewer']; }, path: 'edge.apis[0].port', message: /may not call port "http" of "business-api"/ },
  { name: 'API without routes', mutate: (b) => { b.edge.apis[0].service = 'static-assets'; b.edge.apis[0].clientId = 'business-api'; delete reports(b).requireUserRoles; }, path: 'edge.apis[0].service', message: /declares no routes on port "http"/ },
  { name: 'API client not in the realm', mutate: (b) => { b.edge.apis[0].clientId = 'billing'; }, path: 'edge.apis[0].clientId', message: /no client "billing"/ },
  { name: 'public API client', mutate: (b) => { b.edge.apis[0].clientId = 'web-app'; }, path: 'edge.apis[0].clientId', message: /is public: an API is a confidential client/ },
  { name: 'no login client carries the audience', mutate: (b) => { b.keycloak.clients[0].audiences = []; }, path: 'edge.apis[0].clientId', message: /would carry no aud "business-api"/ },
  { name: 'unknown end-user realm role', mutate: (b) => { reports(b).requireUserRoles = ['auditor']; }, path: `services[${API}].routes[${REPORTS}].requireUserRoles[0]`, message: /unknown role "auditor"/ },
  { name: 'unknown end-user client role', mutate: (b) => { reports(b).requireClientRoles = ['payer']; }, path: `services[${API}].routes[${REPORTS}].requireClientRoles[0]`, message: /client "business-api" has no role "payer"/ },
  { name: 'public route with roles', mutate: (b) => { reports(b).public = true; }, path: `services[${API}].routes[${REPORTS}].public`, message: /cannot require roles/ },
  { name: 'empty role list', mutate: (b) => { reports(b).requireUserRoles = []; }, path: `services[${API}].routes[${REPORTS}]`, message: /empty role list requires nothing/ },
  { name: 'controller namespace that is a zone namespace', mutate: (b) => { b.edge.controllerNamespace = 'dmz'; }, path: 'edge.controllerNamespace', message: /namespace "dmz" is the namespace of zone "dmz".*namespace of its own/ },
  { name: 'the proxy declared as an outside workload', mutate: (b) => {
    svc(b, 'business-api').allowFrom.push({ workload: { namespace: 'envoy-gateway-system', serviceAccount: 'edge-proxy' }, ports: ['http'] });
    b.edge.proxyServiceAccount = 'edge-proxy';
  }, path: `services[${API}].allowFrom[${example.services[API].allowFrom!.length}].workload`, message: /this is the edge's proxy \(envoy-gateway-system\/edge-proxy\).*allow `\{ service: gateway \}` instead/ },
  { name: 'end-user roles on an API the edge does not expose', mutate: (b) => { delete b.edge; }, path: `services[${API}].routes[${REPORTS}].requireUserRoles`, message: /only the edge checks end users' tokens/ },
];

const mutated = (mutate: (b: any) => void): ZeroTrustBlueprintProps => {
  const b = JSON.parse(JSON.stringify(example));
  mutate(b);
  return b;
};

describe('edge blueprint errors', () => {
  it.each(CASES)('$name → $path', ({ mutate, path, message }) => {
    const issues = issuesOfModel(mutated(mutate));
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)!.message).toMatch(message);
  });

  it('reports independent edge problems together, in one run', () => {
    const issues = issuesOfModel(mutated((b) => {
      b.edge.hostnames = ['not a host'];
      reports(b).requireUserRoles = ['auditor'];
      b.edge.apis[0].clientId = 'billing';
    }));
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining([
      'edge.hostnames[0]', `services[${API}].routes[${REPORTS}].requireUserRoles[0]`, 'edge.apis[0].clientId',
    ]));
  });

  it('every case is refused with an EDGE code', () => {
    for (const c of CASES) {
      const codes = (issuesOfModel(mutated(c.mutate)) as any[]).filter((i) => i.path === c.path).map((i) => i.code);
      expect(codes.some((code: string) => /^ZT-EDGE-\d{3}$/.test(code)), c.name).toBe(true);
    }
  });
});
