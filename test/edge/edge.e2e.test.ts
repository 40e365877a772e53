// End to end: the edge objects the blueprint generates, translated by Envoy Gateway's own translator
// (egctl x translate), run in a real Envoy on loopback in front of an echo backend, and called with tokens
// from a real Keycloak that imported the realm the same blueprint generates. Every component is started
// here and stopped by PID; when one cannot start, every test fails.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZeroTrustBlueprintProps } from '../../lib';
import { decodeJwt, freePort, RunningKeycloak, startKeycloak } from '../integration/keycloak/keycloak-server';
import { totp } from '../integration/keycloak/totp';
import { exampleProps, synthBlueprint } from '../support/synth';
import { EchoBackend, startEchoBackend } from './echo-backend';
import { bootstrapFromDump, RunningEnvoy, startEnvoy, translate, Translation } from './envoy-edge';

const PASSWORD = 'Correct-Horse-Battery-9';
const OTP_SEED = 'edge-e2e-otp-seed-77';
const DIRECT = 'it-edge-direct-grant';
const SHORT_LIVED = 'it-edge-short-lived';
/** The app's client without its audience mapper: its tokens are not meant for the API. */
const NO_AUDIENCE = 'it-edge-no-audience';
const SPA = 'web-app';
const SERVICE_IP = '10.96.0.10';
const KEYCLOAK_SERVICE_IP = '10.96.0.11';

// The reference platform, plus two routes that exercise what it has not: a public route and a route nested
// inside a broader one that requires a client role.
const props: ZeroTrustBlueprintProps = (() => {
  const p = JSON.parse(JSON.stringify(exampleProps()));
  p.services.find((s: any) => s.name === 'business-api').routes.push(
    { name: 'health', path: '/api/health', pathMatch: 'Exact', methods: ['GET'], public: true, allowServices: ['gateway'] },
    { name: 'approve', path: '/api/invoices/approve', methods: ['POST'], requireClientRoles: ['invoice-approver'], allowServices: ['gateway'] },
  );
  return p;
})();
const manifests = synthBlueprint(props);
const realmImport = manifests.find((m) => m.kind === 'KeycloakRealmImport');
const realm: any = realmImport.spec.realm;
const REALM: string = realm.realm;
const secrets: Record<string, string> = Object.fromEntries(Object.keys(realmImport.spec.placeholders).map((n) => [n, randomBytes(24).toString('base64url')]));
const edgeObjects = manifests.filter((m) => /^gateway\.(networking\.k8s\.io|envoyproxy\.io)\//.test(m.apiVersion));
const gateway = edgeObjects.find((m) => m.kind === 'Gateway');
const HOST = props.edge!.hostnames![0];
const API = props.services.find((s) => s.name === 'business-api')!;
const kcHost = props.keycloak!.hostname;
/** The proxy fetches the JWKS from Keycloak's Service, verifying the name of its service-CA certificate (from the blueprint text). */
const KC = props.services.find((s) => s.name === (props.keycloak!.service ?? 'keycloak'))!;
const kcServiceName = `${KC.name}.${props.zones?.find((z) => z.name === KC.zone)?.namespace ?? KC.zone}.svc`;
const kcHttps = KC.ports!.find((p) => p.name === 'https')!;

/** The blueprint's realm plus test-only users and direct-grant clients (copies of the app's client); the realm itself is unchanged. */
function realmUnderTest(): any {
  const r = JSON.parse(JSON.stringify(realm));
  const spa = r.clients.find((c: any) => c.clientId === SPA);
  const { 'pkce.code.challenge.method': _pkce, ...attrs } = spa.attributes;
  const testClient = (clientId: string, extra: Record<string, string>, mappers = spa.protocolMappers) => {
    r.clients.push({ ...spa, clientId, name: clientId, standardFlowEnabled: false, directAccessGrantsEnabled: true, redirectUris: [], webOrigins: [], attributes: { ...attrs, ...extra }, protocolMappers: mappers });
    r.scopeMappings.push({ ...r.scopeMappings.find((m: any) => m.client === SPA), client: clientId });
    for (const mappings of Object.values<any[]>(r.clientScopeMappings)) {
      mappings.filter((m) => m.client === SPA).forEach((m) => mappings.push({ ...m, client: clientId }));
    }
  };
  testClient(DIRECT, {});
  testClient(SHORT_LIVED, { 'access.token.lifespan': '1' });
  testClient(NO_AUDIENCE, {}, spa.protocolMappers.filter((m: any) => m.protocolMapper !== 'oidc-audience-mapper'));
  const attributes = { organization: ['Acme Corp'], department: ['Finance'], employee_id: ['E-1042'] };
  const user = (username: string, realmRoles: string[], extra: Record<string, unknown> = {}) => ({
    username, enabled: true, email: `${username}@example.com`, emailVerified: true, firstName: username, lastName: 'Tester',
    attributes, realmRoles, credentials: [{ type: 'password', value: PASSWORD, temporary: false }], ...extra,
  });
  const otp = {
    type: 'otp', userLabel: 'test device', secretData: JSON.stringify({ value: OTP_SEED }),
    credentialData: JSON.stringify({ subType: 'totp', digits: realm.otpPolicyDigits, counter: 0, period: realm.otpPolicyPeriod, algorithm: realm.otpPolicyAlgorithm }),
  };
  r.users.push(
    user('edge-viewer', ['viewer']),
    user('edge-nobody', []),
    user('edge-finance', [], { groups: ['/finance'] }),
    user('edge-admin', ['admin'], { credentials: [{ type: 'password', value: PASSWORD, temporary: false }, otp] }),
  );
  return r;
}

function tlsPair(cn: string): { cert: string; key: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-edge-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn}`, '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem')], { stdio: 'ignore' });
  const pair = { cert: fs.readFileSync(path.join(dir, 'c.pem'), 'utf8'), key: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8') };
  fs.rmSync(dir, { recursive: true, force: true });
  return pair;
}

/**
 * What egctl needs besides the edge objects: the GatewayClass, the TLS Secret, the API's Service (with the
 * cluster IP the API server would give it) and the namespaces. egctl's loader keeps only a namespace's name,
 * not its labels (not even kubernetes.io/metadata.name, which the API server sets), so the listener's
 * namespace selector is widened to `All` for the translation; test/edge/edge-objects.test.ts checks the selector.
 */
function translationInput(tls: { cert: string; key: string }, keycloakCa: string): any[] {
  const objects = JSON.parse(JSON.stringify(edgeObjects));
  const gw = objects.find((m: any) => m.kind === 'Gateway');
  for (const l of gw.spec.listeners) l.allowedRoutes.namespaces = { from: 'All' };
  const service = JSON.parse(JSON.stringify(manifests.find((m) => m.kind === 'Service' && m.metadata.name === API.name)));
  service.spec.clusterIP = SERVICE_IP;
  const secretName = gw.spec.listeners[0].tls.certificateRefs[0].name;
  // Keycloak's Service (the JWKS backend) and the service CA's trust bundle that trust-manager puts in its namespace.
  const keycloakService = JSON.parse(JSON.stringify(manifests.find((m) => m.kind === 'Service' && m.metadata.name === KC.name)));
  keycloakService.spec.clusterIP = KEYCLOAK_SERVICE_IP;
  const backendTls = objects.find((m: any) => m.kind === 'BackendTLSPolicy');
  const caBundle = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: backendTls.spec.validation.caCertificateRefs[0].name, namespace: keycloakService.metadata.namespace },
    data: { 'ca.crt': keycloakCa } };
  return [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: gw.spec.gatewayClassName }, spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } },
    ...[...new Set([gw.metadata.namespace, service.metadata.namespace])].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
    { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: secretName, namespace: gw.metadata.namespace },
      data: { 'tls.crt': Buffer.from(tls.cert).toString('base64'), 'tls.key': Buffer.from(tls.key).toString('base64') } },
    service,
    keycloakService,
    caBundle,
    ...objects,
  ];
}

let kc: RunningKeycloak;
let echo: EchoBackend;
let envoy: RunningEnvoy;
let translation: Translation;
let edgeTls: { cert: string; key: string };
let edgePort: number;
let startError: unknown;
/** Status codes seen for denied requests, by case (documented in docs/application-layer.md). */
const denials: Record<string, number> = {};

beforeAll(async () => {
  try {
    edgeTls = tlsPair(HOST);
    echo = await startEchoBackend();
    // Keycloak serves the realm under the blueprint's public host name, so tokens carry exactly the issuer the edge expects.
    kc = await startKeycloak({ realms: [realmUnderTest()], env: secrets, args: [`--hostname=https://${kcHost}`], certificateDnsNames: [kcServiceName] });
    translation = translate(translationInput(edgeTls, kc.caCertPem), `${gateway.metadata.namespace}/${gateway.metadata.name}`);
    edgePort = await freePort();
    const adminPort = await freePort();
    const kcPort = Number(new URL(kc.baseUrl).port);
    const listenerName = `${gateway.metadata.namespace}/${gateway.metadata.name}/${gateway.spec.listeners[0].name}`;
    const bootstrap = bootstrapFromDump(translation.dump, {
      adminPort,
      listeners: { [listenerName]: edgePort },
      secrets: { [`${gateway.metadata.namespace}/${gateway.spec.listeners[0].tls.certificateRefs[0].name}`]: edgeTls },
      upstreams: {
        [`${SERVICE_IP}:${API.ports![0].port}`]: { address: '127.0.0.1', port: echo.port },
        [`${KEYCLOAK_SERVICE_IP}:${kcHttps.port}`]: { address: '127.0.0.1', port: kcPort },
      },
      upstreamCa: kc.caCertPem,
    });
    envoy = await startEnvoy(bootstrap, adminPort);
  } catch (e) {
    startError = e;
  }
}, 600_000);

beforeEach(() => {
  if (startError !== undefined) throw startError;
});

afterAll(async () => {
  await envoy?.stop();
  await kc?.stop();
  await echo?.stop();
});

interface Answer { status: number; body: string; reachedBackend: boolean }

/** One HTTPS request to the edge (SNI and Host: the blueprint's host name). */
function call(method: string, pathAndQuery: string, headers: Record<string, string> = {}): Promise<Answer> {
  const before = echo.received.length;
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1', port: edgePort, method, path: pathAndQuery, servername: HOST, ca: edgeTls.cert, agent: false,
      headers: { host: HOST, ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), reachedBackend: echo.received.length > before }));
    });
    req.on('error', reject);
    req.end();
  });
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function expectAllowed(what: string, answer: Promise<Answer>): Promise<any> {
  const a = await answer;
  expect(a.status, `${what}: ${a.body}\n${envoy.log().split('\n').slice(-5).join('\n')}`).toBe(200);
  expect(a.reachedBackend, what).toBe(true);
  return JSON.parse(a.body);
}
async function expectDenied(what: string, answer: Promise<Answer>): Promise<void> {
  const a = await answer;
  expect(a.reachedBackend, `${what} reached the backend`).toBe(false);
  expect([401, 403], `${what}: ${a.status} ${a.body}`).toContain(a.status);
  denials[what] = a.status;
}

const tokenEndpoint = () => `/realms/${REALM}/protocol/openid-connect/token`;
async function userToken(username: string, client = DIRECT, extra: Record<string, string> = {}): Promise<string> {
  const res = await kc.request('POST', tokenEndpoint(), { form: { grant_type: 'password', client_id: client, username, password: PASSWORD, scope: 'openid', ...extra } });
  expect(res.status, res.body).toBe(200);
  return JSON.parse(res.body).access_token;
}
const tokens: Record<string, string> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the edge in a real Envoy, with tokens from a real Keycloak', () => {
  it('Envoy Gateway\'s translator accepts the Gateway, EnvoyProxy, HTTPRoute and SecurityPolicy', () => {
    const r = translation.result;
    const conditions = (list: any[]) => Object.fromEntries(list.map((c: any) => [c.type, c.status]));
    expect(conditions(r.gateways[0].status.listeners[0].conditions)).toMatchObject({ Accepted: 'True', Programmed: 'True', ResolvedRefs: 'True' });
    expect(conditions(r.httpRoutes[0].status.parents[0].conditions)).toMatchObject({ Accepted: 'True', ResolvedRefs: 'True' });
    expect(conditions(r.securityPolicies[0].status.ancestors[0].conditions)).toMatchObject({ Accepted: 'True' });
    expect(conditions(r.envoyProxiesForGateways[0].status.ancestors.at(-1).conditions)).toMatchObject({ Accepted: 'True' });
    expect(conditions(r.backendTLSPolicies[0].status.ancestors[0].conditions)).toMatchObject({ Accepted: 'True', ResolvedRefs: 'True' });
  });

  it("fetches the JWKS from Keycloak's Service, verifying the name of Keycloak's certificate", () => {
    const of = (type: string) => translation.dump.find((c) => c['@type'] === `type.googleapis.com/envoy.admin.v3.${type}`);
    const cluster = of('ClustersConfigDump').dynamicActiveClusters.map((c: any) => c.cluster).find((c: any) => /^securitypolicy\/.*\/jwt\//.test(c.name));
    const endpoints = of('EndpointsConfigDump').dynamicEndpointConfigs.find((e: any) => e.endpointConfig.clusterName === cluster.name).endpointConfig;
    expect(endpoints.endpoints.flatMap((l: any) => l.lbEndpoints.map((e: any) => e.endpoint.address.socketAddress)))
      .toEqual([{ address: KEYCLOAK_SERVICE_IP, portValue: kcHttps.port }]);
    const tls = cluster.transportSocketMatches[0].transportSocket.typedConfig;
    expect(tls.sni).toBe(kcServiceName);
    expect(tls.commonTlsContext.combinedValidationContext.defaultValidationContext.matchTypedSubjectAltNames)
      .toEqual([{ matcher: { exact: kcServiceName }, sanType: 'DNS' }]);
  });

  it('tokens carry the blueprint\'s issuer and the API as audience', async () => {
    tokens.viewer = await userToken('edge-viewer');
    tokens.nobody = await userToken('edge-nobody');
    tokens.finance = await userToken('edge-finance');
    tokens.shortLived = await userToken('edge-viewer', SHORT_LIVED);
    const viewer = decodeJwt(tokens.viewer);
    expect(viewer.iss).toBe(`https://${kcHost}/realms/${REALM}`);
    expect([viewer.aud].flat()).toContain(API.name);
  });

  it('a route\'s end-user role admits its holders; claims arrive as headers, and a client cannot forge them', async () => {
    const seen = await expectAllowed('viewer on reports', call('GET', '/internal/reports/2026-q4', { ...bearer(tokens.viewer), 'x-jwt-claim-organization': 'Forged Inc' }));
    const claims = decodeJwt(tokens.viewer);
    expect(seen.headers).toMatchObject({
      'x-jwt-claim-organization': 'Acme Corp', 'x-jwt-claim-department': 'Finance', 'x-jwt-claim-employee-id': 'E-1042', 'x-jwt-claim-sub': claims.sub,
    });
    expect(seen.url).toBe('/internal/reports/2026-q4');
  });

  it('a composite role counts: admin includes viewer', async () => {
    const code = totp(Buffer.from(OTP_SEED, 'utf8'), { digits: realm.otpPolicyDigits, periodSeconds: realm.otpPolicyPeriod, algorithm: realm.otpPolicyAlgorithm });
    const admin = await userToken('edge-admin', DIRECT, { totp: code });
    expect(decodeJwt(admin).realm_access.roles).toContain('viewer');
    await expectAllowed('admin on reports', call('GET', '/internal/reports', bearer(admin)));
  });

  it('a missing role is denied; a route without role requirements admits any valid token', async () => {
    await expectDenied('no role on reports', call('GET', '/internal/reports', bearer(tokens.nobody)));
    await expectAllowed('no role on public-api', call('GET', '/api/orders', bearer(tokens.nobody)));
  });

  it('a client role is checked on a route nested in a broader one', async () => {
    expect(decodeJwt(tokens.finance).resource_access[API.name].roles).toContain('invoice-approver');
    await expectAllowed('invoice-approver on approve', call('POST', '/api/invoices/approve', bearer(tokens.finance)));
    // /api admits any valid token, but the more specific route decides.
    await expectDenied('viewer on approve', call('POST', '/api/invoices/approve', bearer(tokens.viewer)));
  });

  it('a public route needs no token, but refuses a bad one', async () => {
    await expectAllowed('no token on health', call('GET', '/api/health'));
    const [h, p, s] = tokens.viewer.split('.');
    await expectDenied('tampered token on health', call('GET', '/api/health', bearer(`${h}.${p}.${s.slice(0, -4)}AAAA`)));
  });

  it('no token, a tampered token, a token of another realm, a token for another audience: denied', async () => {
    await expectDenied('no token', call('GET', '/api/orders'));
    const [h, p, s] = tokens.nobody.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    payload.realm_access = { roles: ['viewer', 'admin'] };
    await expectDenied('tampered claims', call('GET', '/internal/reports', bearer(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`)));
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expectDenied('unsigned token', call('GET', '/api/orders', bearer(`${none}.${p}.`)));
    await expectDenied('other realm', call('GET', '/api/orders', bearer(await kc.adminToken())));
    // A viewer's token from a client whose tokens are not meant for business-api.
    const otherAudience = await userToken('edge-viewer', NO_AUDIENCE);
    expect(decodeJwt(otherAudience).realm_access.roles).toContain('viewer');
    expect([decodeJwt(otherAudience).aud ?? []].flat()).not.toContain(API.name);
    await expectDenied('wrong audience', call('GET', '/internal/reports', bearer(otherAudience)));
  });

  it('a token in the query string or without the Bearer prefix is not accepted', async () => {
    await expectDenied('token in ?access_token=', call('GET', `/api/orders?access_token=${tokens.viewer}`));
    await expectDenied('token without Bearer', call('GET', '/api/orders', { authorization: tokens.viewer }));
  });

  it('undeclared methods and paths are denied, also behind path tricks', async () => {
    await expectDenied('POST on the GET-only reports', call('POST', '/internal/reports', bearer(tokens.viewer)));
    await expectDenied('undeclared path', call('GET', '/admin', bearer(tokens.viewer)));
    await expectDenied('prefix is not a path element', call('GET', '/apix', bearer(tokens.viewer)));
    await expectDenied('dot-dot into reports', call('GET', '/api/../internal/reports', bearer(tokens.nobody)));
  });

  it('an expired token is denied (after Envoy\'s 60 s clock skew), though it was accepted while valid', async () => {
    const exp = decodeJwt(tokens.shortLived).exp as number;
    const wait = exp * 1000 + 62_000 - Date.now();
    if (wait > 0) await sleep(wait);
    await expectDenied('expired token', call('GET', '/api/orders', bearer(tokens.shortLived)));
    // The same user with a fresh token passes: expiry was the reason.
    await expectAllowed('fresh token', call('GET', '/api/orders', bearer(await userToken('edge-viewer'))));
    // eslint-disable-next-line no-console
    console.log(`denied requests, status by case: ${JSON.stringify(denials)}`);
  }, 180_000);
});
