import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { meshBlueprint, withMesh } from './fixtures';
import { issuesOf } from '../support/blueprint-issues';
import { expectSchemaRejectsExpressibleCases } from '../support/schema-constraints';

// Indexes into the fixture: 0 gateway, 1 api, 2 admin-tool, 3 ops-bot, 4 dashboard, 5 search, 6 legacy, 7 db, 8 prometheus.
interface Case {
  readonly name: string;
  readonly mutate: (b: any) => void;
  readonly path: string;
  readonly message: RegExp;
}

const DEFAULT_ROLES = [{ name: 'admin', includes: ['operator'] }, { name: 'operator', includes: ['viewer'] }, { name: 'viewer' }];

const CASES: Case[] = [
  { name: 'route on a non-HTTP port', mutate: (b) => { b.services[7].routes = [{ name: 'r', port: 'postgresql', allowServices: ['api'] }]; }, path: 'services[7].routes[0].port', message: /port "postgresql" speaks opaque, not HTTP: HTTP routes apply only to http and http2 ports/ },
  { name: 'route on a gRPC port', mutate: (b) => { b.services[5].routes = [{ name: 'r', port: 'grpc', allowServices: ['api'] }]; }, path: 'services[5].routes[0].port', message: /speaks grpc, not HTTP/ },
  { name: 'route on a service without HTTP port', mutate: (b) => { b.services[7].routes = [{ name: 'r', allowServices: ['api'] }]; }, path: 'services[7].routes[0].port', message: /has no http or http2 port/ },
  { name: 'route without port among several HTTP ports', mutate: (b) => { b.services[1].ports.push({ name: 'admin-http', port: 8081 }); }, path: 'services[1].routes[0].port', message: /several HTTP ports \("http", "admin-http"\): name the route's port/ },
  { name: 'probe path with a query string', mutate: (b) => { b.services[1].probes.readiness = '/ready?verbose=1'; }, path: 'services[1].probes.readiness', message: /"\/ready\?verbose=1" has a query string: Linkerd matches the path only/ },
  { name: 'relative probe path', mutate: (b) => { b.services[1].probes.liveness = 'healthz'; }, path: 'services[1].probes.liveness', message: /not an absolute path/ },
  { name: 'probes without any path', mutate: (b) => { b.services[1].probes = { port: 'http' }; }, path: 'services[1].probes', message: /declare at least one of `liveness`, `readiness` or `startup`/ },
  { name: 'probes on an undeclared port', mutate: (b) => { b.services[1].probes.port = 'web'; }, path: 'services[1].probes.port', message: /declares no port named "web"/ },
  { name: 'route path with a query string', mutate: (b) => { b.services[1].routes[0].path = '/api?v=2'; }, path: 'services[1].routes[0].path', message: /has a query string/ },
  { name: 'route regular expression that does not compile', mutate: (b) => { b.services[1].routes[0].pathMatch = 'RegularExpression'; b.services[1].routes[0].path = '/api/(v1'; }, path: 'services[1].routes[0].path', message: /not a regular expression/ },
  { name: 'allowRoles naming an unknown role', mutate: (b) => { b.services[1].routes[2].allowRoles = ['root']; }, path: 'services[1].routes[2].allowRoles[0]', message: /unknown role "root": declare it in `roles`/ },
  { name: 'allowFrom roles naming an unknown role', mutate: (b) => { b.services[1].allowFrom[1].roles = ['viewers']; }, path: 'services[1].allowFrom[1].roles[0]', message: /unknown role "viewers"/ },
  { name: 'a role cycle', mutate: (b) => { b.roles = [{ name: 'admin', includes: ['operator'] }, { name: 'operator', includes: ['viewer'] }, { name: 'viewer', includes: ['admin'] }]; }, path: 'roles[0].includes', message: /cycle \(admin -> operator -> viewer -> admin\)/ },
  { name: 'allowRoles that no service holds', mutate: (b) => { b.roles = [...DEFAULT_ROLES, { name: 'auditor' }]; b.services[1].routes[2].allowRoles = ['auditor']; }, path: 'services[1].routes[2].allowRoles[0]', message: /no service holds "auditor"/ },
  { name: 'allowFrom roles that no service holds', mutate: (b) => { b.roles = [...DEFAULT_ROLES, { name: 'auditor' }]; b.services[7].allowFrom.push({ roles: ['auditor'] }); }, path: 'services[7].allowFrom[2].roles', message: /no service holds "auditor"/ },
  { name: 'empty roles caller', mutate: (b) => { b.services[1].allowFrom[1].roles = []; }, path: 'services[1].allowFrom[1].roles', message: /list at least one role/ },
  { name: 'roles and service in one caller entry', mutate: (b) => { b.services[1].allowFrom[1].service = 'gateway'; }, path: 'services[1].allowFrom[1]', message: /exactly one of `service`, `zone`, `roles`, `internet: true`, `adminNetwork` or `workload`/ },
  { name: 'role holders breaking the zone rules', mutate: (b) => { b.services.push({ name: 'etl', zone: 'data', roles: ['viewer'] }); }, path: 'services[1].allowFrom[1].roles', message: /zone rules do not let zone "data" call zone "app"/ },
  { name: 'a meshed flow from an unmeshed caller without a NetworkAuthentication', mutate: (b) => { delete b.services[6].callerCidrs; }, path: 'services[7].allowFrom[1]', message: /service "legacy" is not meshed, so "db" cannot authorize it by identity: mesh "legacy", or set its `callerCidrs`/ },
  { name: 'an unmeshed metrics scraper without a NetworkAuthentication', mutate: (b) => { b.services[8].meshed = false; }, path: 'services[8].metricsScraper', message: /service "prometheus" is not meshed/ },
  { name: 'an unmeshed outside workload without cidrs into a meshed port', mutate: (b) => { b.services[7].allowFrom.push({ workload: { namespace: 'ci', serviceAccount: 'runner', meshed: false } }); }, path: 'services[7].allowFrom[2].workload', message: /workload "runner" in namespace "ci" is not meshed, so "db" cannot authorize it by identity/ },
  { name: 'an outside workload on a port with routes none of them admits', mutate: (b) => { b.services[1].allowFrom.push({ workload: { namespace: 'ingress-nginx', serviceAccount: 'ingress-nginx' }, ports: ['http'] }); }, path: 'services[1].allowFrom[2]', message: /"ingress-nginx-ingress-nginx" may call port "http" of "api", but no route of that port admits it/ },
  { name: 'a route on a UDP port', mutate: (b) => { b.services[5].ports.push({ name: 'discovery', port: 9002, protocol: 'UDP' }); b.services[5].routes = [{ name: 'r', port: 'discovery', allowServices: ['api'] }]; }, path: 'services[5].routes[0].port', message: /port "discovery" is UDP, and Linkerd proxies TCP only/ },
  { name: 'an admin network into a meshed app service', mutate: (b) => { b.adminNetworks = [{ name: 'admin-vpn', cidrs: ['203.0.113.0/24'] }]; b.services[5].allowFrom.push({ adminNetwork: 'admin-vpn' }); }, path: 'services[5].allowFrom[1].adminNetwork', message: /admin networks may reach only services in a management zone/ },
  { name: 'callerCidrs on a meshed service', mutate: (b) => { b.services[2].callerCidrs = ['10.0.0.0/8']; }, path: 'services[2].callerCidrs', message: /is meshed, so the services it calls see its mTLS identity/ },
  { name: 'callerCidrs that are not CIDRs', mutate: (b) => { b.services[6].callerCidrs = ['10.42.0.0/33']; }, path: 'services[6].callerCidrs[0]', message: /not a CIDR/ },
  { name: 'route caller the flows do not allow', mutate: (b) => { b.services[1].routes[0].allowServices = ['gateway', 'search']; }, path: 'services[1].routes[0].allowServices[1]', message: /"search" is not allowed to call port "http" of "api" \(allowFrom\), so its NetworkPolicy drops what route "public" would admit/ },
  { name: 'flow caller no route admits', mutate: (b) => { b.services[1].routes[0].allowServices = ['admin-tool']; }, path: 'services[1].allowFrom[0]', message: /"gateway" may call port "http" of "api", but no route of that port admits it/ },
  { name: 'route that admits nobody', mutate: (b) => { delete b.services[1].routes[2].allowRoles; }, path: 'services[1].routes[2]', message: /the route admits nobody/ },
  { name: 'route on an unmeshed service', mutate: (b) => { b.services[6].ports = [{ name: 'http', port: 8080 }]; b.services[6].routes = [{ name: 'r', allowServices: ['api'] }]; }, path: 'services[6].routes[0]', message: /service "legacy" is not meshed: mesh it or remove the route/ },
  { name: 'route calling an unknown service', mutate: (b) => { b.services[1].routes[0].allowServices = ['gatway']; }, path: 'services[1].routes[0].allowServices[0]', message: /unknown service "gatway"/ },
  { name: 'duplicate route name', mutate: (b) => { b.services[1].routes[1].name = 'public'; }, path: 'services[1].routes[1].name', message: /route "public" is declared twice/ },
  { name: 'too many methods', mutate: (b) => { b.services[1].routes[1].methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']; }, path: 'services[1].routes[1].methods', message: /at most 8 methods/ },
  { name: 'bad kubelet CIDR', mutate: (b) => { b.mesh = { kubeletCidrs: ['10.0.0.1/8'] }; }, path: 'mesh.kubeletCidrs[0]', message: /host bits set/ },
  { name: 'Linkerd object names that clash', mutate: (b) => { b.services.push({ name: 'proxy', zone: 'app', ports: [{ name: 'admin', port: 8081 }] }); }, path: 'services[9].ports', message: /would be named "proxy-admin" in namespace "app", like those of zone "app"/ },
  { name: 'unknown mesh mode', mutate: (b) => { b.zones = [{ name: 'app', meshMode: 'enforce' }]; }, path: 'zones[0].meshMode', message: /must be one of "audit", "deny"/ },
  { name: 'unknown HTTPRoute flavour', mutate: (b) => { b.mesh = { httpRouteApi: 'gateway' }; }, path: 'mesh.httpRouteApi', message: /must be one of "linkerd", "gateway-api"/ },
];

describe('bad mesh input', () => {
  it('the fixture is accepted', () => {
    expect(() => new ZeroTrustBlueprint(new Chart(Testing.app(), 'c'), 'bp', meshBlueprint())).not.toThrow();
  });

  it.each(CASES)('$name is reported at $path', ({ mutate, path, message }) => {
    const issues = issuesOf(withMesh(mutate));
    expect(issues.filter((i) => i.path === path).map((i) => i.message), `issues: ${JSON.stringify(issues)}`)
      .toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('the JSON Schema rejects every case it can express; the library reports each once, under its own code', () => {
    const expressed = expectSchemaRejectsExpressibleCases(CASES, (c) => withMesh(c.mutate), (b) => {
      try { return issuesOf(b); } catch { return []; } // an accepted mutant is the other test's failure
    });
    expect(expressed).toBeGreaterThanOrEqual(3);
  });
});
