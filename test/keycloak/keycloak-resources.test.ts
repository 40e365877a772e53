import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { KeycloakApiVersion, OperatorNetworkPolicy, ReachabilityAnalyzer, ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { selects } from '../../lib/analysis/cluster-view';
import { SchemaValidator } from '../support/k8s-schemas';
import { findObject, synthBlueprint } from '../support/synth';
import { repoRoot, runKubeconform } from '../support/tools';
import { keycloakBlueprint, mutatedKeycloak } from './fixtures';

const keycloakCr = (manifests: any[]) => findObject(manifests, 'Keycloak', 'app', 'keycloak');
const realmImport = (manifests: any[]) => findObject(manifests, 'KeycloakRealmImport', 'app', 'keycloak-acme');

function blueprintOf(props: ZeroTrustBlueprintProps): ZeroTrustBlueprint {
  return new ZeroTrustBlueprint(new Chart(Testing.app(), 'test'), 'blueprint', props);
}

describe('the Keycloak CR', () => {
  const manifests = synthBlueprint(keycloakBlueprint());
  const cr = keycloakCr(manifests);

  it('matches the snapshot', () => {
    expect(cr).toMatchSnapshot();
  });

  it('runs on PostgreSQL in the data zone with credentials from a Secret', () => {
    expect(cr.spec.db).toEqual({
      vendor: 'postgres',
      host: 'postgresql.data.svc',
      port: 5432,
      database: 'keycloak',
      usernameSecret: { name: 'keycloak-db', key: 'username' },
      passwordSecret: { name: 'keycloak-db', key: 'password' },
    });
  });

  it('serves HTTPS only, on the blueprint port, behind the gateway, with no Ingress of its own', () => {
    expect(cr.spec.http).toEqual({ httpEnabled: false, httpsPort: 8443, serviceHttpsPort: 8443, tlsSecret: 'keycloak-tls' });
    expect(cr.spec.httpManagement).toEqual({ port: 9000 });
    expect(cr.spec.hostname).toMatchObject({ hostname: 'https://auth.example.com', strict: true, backchannelDynamic: true });
    // No trusted proxy in the blueprint: Keycloak believes no forwarded header (a client could forge its address).
    expect(cr.spec.proxy).toBeUndefined();
    expect(cr.spec.ingress).toEqual({ enabled: false });
  });

  it('turns on JSON console logs, health and metrics', () => {
    const options = Object.fromEntries(cr.spec.additionalOptions.map((o: any) => [o.name, o.value]));
    expect(options).toEqual({ 'log-console-output': 'json', 'health-enabled': 'true', 'metrics-enabled': 'true', 'event-metrics-user-enabled': 'true' });
  });

  it('trusts forwarded headers only from the blueprint\'s trusted proxies', () => {
    const [withProxies] = synthBlueprint(mutatedKeycloak((b) => {
      b.keycloak.trustedProxyCidrs = ['10.20.0.0/16', '192.0.2.10/32'];
    })).filter((m) => m.kind === 'Keycloak');
    expect(withProxies.spec.proxy).toEqual({ headers: 'xforwarded' });
    const options = Object.fromEntries(withProxies.spec.additionalOptions.map((o: any) => [o.name, o.value]));
    expect(options['proxy-trusted-addresses']).toBe('10.20.0.0/16,192.0.2.10/32');
    expect(Object.fromEntries(cr.spec.additionalOptions.map((o: any) => [o.name, o.value]))['proxy-trusted-addresses']).toBeUndefined();
  });

  it('takes the TLS Secret from the PKI certificate of the service, or from keycloak.tlsSecretName', () => {
    const withPki = synthBlueprint(mutatedKeycloak((b) => {
      b.pki = {};
      b.services.find((s: any) => s.name === 'keycloak').tls = { secretName: 'keycloak-https' };
    }));
    expect(keycloakCr(withPki).spec.http.tlsSecret).toBe('keycloak-https');
    expect(withPki.some((m) => m.kind === 'Certificate' && m.spec.secretName === 'keycloak-https')).toBe(true);
    const explicit = synthBlueprint(mutatedKeycloak((b) => { b.keycloak.tlsSecretName = 'my-cert'; }));
    expect(keycloakCr(explicit).spec.http.tlsSecret).toBe('my-cert');
  });

  it('gives the operator\'s pods the service\'s labels, ServiceAccount and restricted security settings', () => {
    const template = cr.spec.unsupported.podTemplate;
    expect(template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'keycloak' });
    expect(template.metadata.annotations).toEqual({ 'linkerd.io/inject': 'enabled' });
    expect(template.spec.serviceAccountName).toBe('keycloak');
    expect(template.spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(template.spec.containers).toEqual([{
      name: 'keycloak',
      securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
    }]);
    // The ServiceAccount the pods run as is in the output.
    findObject(manifests, 'ServiceAccount', 'app', 'keycloak');
  });

  it('puts the operator\'s pods under the blueprint\'s NetworkPolicies for the Keycloak service', () => {
    const labels = cr.spec.unsupported.podTemplate.metadata.labels;
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy' && m.metadata.namespace === 'app' && selects(m.spec.podSelector, labels));
    const names = policies.map((p) => p.metadata.name);
    expect(names.some((n) => n.includes('keycloak'))).toBe(true);
    expect(policies.some((p) => Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0)).toBe(true); // default deny
    // No other service's policy selects them.
    const others = manifests.filter((m) => m.kind === 'Service' && m.metadata.name !== 'keycloak' && m.spec?.selector);
    expect(others.filter((s) => selects({ matchLabels: s.spec.selector }, labels)).map((s) => s.metadata.name)).toEqual([]);
  });

  it('is a v2beta1 object unless the blueprint asks for v2alpha1 (operators before 26.6), with the same spec', () => {
    expect(cr.apiVersion).toBe('k8s.keycloak.org/v2beta1');
    const old = synthBlueprint(mutatedKeycloak((b) => { b.keycloak.apiVersion = KeycloakApiVersion.V2ALPHA1; }));
    expect(keycloakCr(old).apiVersion).toBe('k8s.keycloak.org/v2alpha1');
    expect(realmImport(old).apiVersion).toBe('k8s.keycloak.org/v2alpha1');
    expect(keycloakCr(old).spec).toEqual(cr.spec);
  });

  it('emits the operator\'s NetworkPolicy with peers by default, disables or omits it when asked', () => {
    expect(cr.spec.networkPolicy.enabled).toBe(true);
    expect(cr.spec.networkPolicy.https.length).toBeGreaterThan(0);
    expect(cr.spec.networkPolicy.management.length).toBeGreaterThan(0);
    expect(cr.spec.networkPolicy).not.toHaveProperty('http'); // HTTP is off: the operator opens no HTTP port
    const disabled = keycloakCr(synthBlueprint(mutatedKeycloak((b) => { b.keycloak.operatorNetworkPolicy = OperatorNetworkPolicy.DISABLE; })));
    expect(disabled.spec.networkPolicy).toEqual({ enabled: false });
    const omitted = keycloakCr(synthBlueprint(mutatedKeycloak((b) => { b.keycloak.operatorNetworkPolicy = OperatorNetworkPolicy.OMIT; })));
    expect(omitted.spec).not.toHaveProperty('networkPolicy');
  });

  it('turns the operator\'s ServiceMonitor on only for a Prometheus Operator scraper', () => {
    expect(cr.spec.serviceMonitor).toEqual({ enabled: false });
    const operated = synthBlueprint(mutatedKeycloak((b) => { b.services.find((s: any) => s.metricsScraper).prometheusOperator = true; }));
    expect(keycloakCr(operated).spec.serviceMonitor).toEqual({ enabled: true });
  });

  it('writes the update strategy out and trusts the internal service CA when the PKI has one', () => {
    expect(cr.spec.update).toEqual({ strategy: 'RecreateOnImageChange' });
    expect(cr.spec).not.toHaveProperty('truststores');
    const withPki = synthBlueprint(mutatedKeycloak((b) => { b.pki = {}; }));
    const bundle = withPki.find((m) => m.kind === 'Bundle' && m.spec.target.configMap.key === 'ca.crt');
    expect(keycloakCr(withPki).spec.truststores).toEqual({ [bundle.metadata.name]: { configMap: { name: bundle.metadata.name } } });
    // trust-manager writes that ConfigMap into Keycloak's namespace.
    expect(selects(bundle.spec.target.namespaceSelector, findObject(withPki, 'Namespace', undefined, 'app').metadata.labels)).toBe(true);
  });
});

describe('the KeycloakRealmImport', () => {
  const props = keycloakBlueprint();
  const manifests = synthBlueprint(props);
  const imp = realmImport(manifests);

  it('matches the snapshot (the realm itself has its own)', () => {
    expect({ ...imp, spec: { ...imp.spec, realm: '<realm representation>' } }).toMatchSnapshot();
  });

  it('carries exactly the realm representation, and points at the Keycloak CR', () => {
    expect(imp.spec.realm).toEqual(JSON.parse(blueprintOf(props).realmJson!));
    expect(imp.spec.keycloakCRName).toBe(keycloakCr(manifests).metadata.name);
  });

  it('binds every secret placeholder of the realm to a Kubernetes Secret key', () => {
    const inRealm = [...JSON.stringify(imp.spec.realm).matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(imp.spec.placeholders).sort()).toEqual(inRealm);
    expect(imp.spec.placeholders).toEqual({
      CLIENT_SECRET_API: { secret: { name: 'keycloak-client-api', key: 'client-secret' } },
      CLIENT_SECRET_WORKER: { secret: { name: 'keycloak-client-worker', key: 'client-secret' } },
    });
  });
});

describe.each(['26.8.0', '26.7.2'] as const)('schema validation of the Keycloak objects (Keycloak Operator %s CRDs)', (keycloak) => {
  const manifests = synthBlueprint(keycloakBlueprint());
  const objects = [keycloakCr(manifests), realmImport(manifests)];
  const v2alpha1 = synthBlueprint(mutatedKeycloak((b) => { b.keycloak.apiVersion = KeycloakApiVersion.V2ALPHA1; }));
  const oldObjects = [keycloakCr(v2alpha1), realmImport(v2alpha1)];

  it('validates against the shared CRD schemas with ajv (spec.realm is described field by field), v2beta1 and v2alpha1', () => {
    const validator = new SchemaValidator({ keycloak });
    expect(validator.schemaFile(objects[0].apiVersion, 'Keycloak')).toContain(`keycloak-${keycloak}/keycloak_v2beta1.json`);
    expect(validator.validateAll([...objects, ...oldObjects])).toEqual([]);
    // The realm is checked strictly: a field Keycloak does not know is an error.
    const bad = { ...objects[1], spec: { ...objects[1].spec, realm: { ...objects[1].spec.realm, bruteForceLockout: 5 } } };
    expect(validator.validate(bad).join()).toMatch(/additional properties.*bruteForceLockout/);
  });

  it('validates with kubeconform -strict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-keycloak-'));
    const file = join(dir, 'keycloak.yaml');
    writeFileSync(file, [...objects, ...oldObjects].map((o) => stringify(o)).join('---\n'));
    const result = runKubeconform([file], { keycloak });
    expect(result.resources.filter((r) => r.status !== 'statusValid').map((r) => `${r.kind}: ${r.msg}`)).toEqual([]);
    expect(result).toMatchObject({ valid: 4, invalid: 0, missing: 0, errors: 0 });
  });
});

describe('fields removed by Keycloak 26.8', () => {
  it('the realm carries no identityProviders[].organizationId (replaced by organizationLinks[])', () => {
    const realm = realmImport(synthBlueprint(keycloakBlueprint())).spec.realm;
    const keys = (o: any): string[] => (o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => [k, ...keys(v)]) : []);
    expect(keys(realm)).not.toContain('organizationId');
    // The 26.8.0 schema refuses the removed field, so the ajv check above would catch it.
    const withOld = { ...realmImport(synthBlueprint(keycloakBlueprint())) };
    withOld.spec = { ...withOld.spec, realm: { ...realm, identityProviders: [{ alias: 'corp', providerId: 'oidc', organizationId: 'x' }] } };
    expect(new SchemaValidator({ keycloak: '26.8.0' }).validate(withOld).join()).toMatch(/organizationId/);
    expect(new SchemaValidator({ keycloak: '26.7.2' }).validate(withOld)).toEqual([]);
  });
});

describe('the NetworkPolicies around Keycloak', () => {
  const analyzer = ReachabilityAnalyzer.fromManifests(synthBlueprint(keycloakBlueprint(), { workloads: true }));

  it('let the services reach Keycloak over HTTPS, Keycloak reach PostgreSQL and Prometheus scrape it', () => {
    for (const caller of ['api', 'worker']) {
      expect(analyzer.allows('app', caller, 'app', 'keycloak', 8443), caller).toBe(true);
    }
    expect(analyzer.allows('dmz', 'gateway', 'app', 'keycloak', 8443)).toBe(true);
    expect(analyzer.allows('app', 'keycloak', 'data', 'postgresql', 5432)).toBe(true);
    expect(analyzer.allows('management', 'prometheus', 'app', 'keycloak', 9000)).toBe(true);
  });

  it('allow nothing else to Keycloak', () => {
    expect(analyzer.allows('dmz', 'gateway', 'app', 'keycloak', 9000)).toBe(false);
    expect(analyzer.allows('app', 'api', 'app', 'keycloak', 9000)).toBe(false);
    expect(analyzer.allows('management', 'prometheus', 'app', 'keycloak', 8443)).toBe(false);
    expect(analyzer.describe('data', 'postgresql', 'app', 'keycloak')).toBe('No Connections');
  });
});

describe('the realm file for kc.sh import', () => {
  it('is written as <realm>-realm.json with the realm representation', () => {
    const blueprint = blueprintOf(keycloakBlueprint());
    const dir = mkdtempSync(join(tmpdir(), 'zt-realm-'));
    const file = blueprint.writeRealmFile(join(dir, 'out'));
    expect(file).toBe(join(dir, 'out', 'acme-realm.json'));
    expect(readFileSync(file!, 'utf8')).toBe(blueprint.realmJson);
  });

  it('is not written, and no Keycloak object is emitted, without keycloak', () => {
    const props = mutatedKeycloak((b) => { delete b.keycloak; });
    const blueprint = blueprintOf(props);
    const dir = mkdtempSync(join(tmpdir(), 'zt-realm-'));
    expect(blueprint.writeRealmFile(dir)).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
    expect(blueprint.realmJson).toBeUndefined();
    expect(synthBlueprint(props).filter((m) => m.apiVersion.startsWith('k8s.keycloak.org'))).toEqual([]);
  });

  it('is written by `cdk8s synth` of the example beside (not into) the manifest directory, and not at all for an invalid blueprint', () => {
    const cdk8s = join(repoRoot(), 'node_modules', '.bin', 'cdk8s');
    const out = mkdtempSync(join(tmpdir(), 'zt-synth-'));
    const ok = spawnSync(cdk8s, ['synth', '--output', out], { cwd: repoRoot(), encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['reference-platform.k8s.yaml']);
    expect(readdirSync(`${out}-keycloak`)).toEqual(['platform-realm.json']);
    const docs = parseAllDocuments(readFileSync(join(out, 'reference-platform.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    const imp = docs.find((d) => d.kind === 'KeycloakRealmImport');
    expect(JSON.parse(readFileSync(join(`${out}-keycloak`, 'platform-realm.json'), 'utf8'))).toEqual(imp.spec.realm);

    const badDir = mkdtempSync(join(tmpdir(), 'zt-bad-'));
    const badFile = join(badDir, 'blueprint.yaml');
    const example = readFileSync(join(repoRoot(), 'examples', 'reference-platform', 'blueprint.yaml'), 'utf8');
    writeFileSync(badFile, example.replace('hostname: auth.platform.example.com', 'hostname: https://auth.platform.example.com'));
    const badOut = join(badDir, 'dist');
    const bad = spawnSync(cdk8s, ['synth', '--output', badOut], { cwd: repoRoot(), encoding: 'utf8', env: { ...process.env, ZT_BLUEPRINT: badFile } });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr + bad.stdout).toMatch(/keycloak\.hostname: .* has a scheme/);
    expect(existsSync(badOut) ? readdirSync(badOut) : []).toEqual([]);
    expect(existsSync(`${badOut}-keycloak`)).toBe(false);
  });
});
