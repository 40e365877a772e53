import { readFileSync } from 'fs';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { EXAMPLE_BLUEPRINT } from '../support/synth';

// The typed handles, checked against the blueprint TEXT (not the library's model): every service's
// ServiceAccount, Service, NetworkPolicies and Servers, every zone's Namespace, and the Keycloak objects.

const text: any = parse(readFileSync(EXAMPLE_BLUEPRINT, 'utf8'));
const zoneNamespace = (zone: string) => text.zones.find((z: any) => z.name === zone)?.namespace ?? zone;
const zoneMeshed = (zone: string) => text.zones.find((z: any) => z.name === zone)?.meshed ?? true;

function reference(): { chart: Chart; blueprint: ZeroTrustBlueprint } {
  const chart = new Chart(Testing.app(), 'platform', { disableResourceNameHashes: true });
  return { chart, blueprint: ZeroTrustBlueprint.fromFile(chart, 'blueprint', EXAMPLE_BLUEPRINT) };
}

const SERVICE_ROWS: [string, any][] = text.services.map((s: any) => [s.name, s]);
const ZONE_ROWS: [string][] = text.zones.map((z: any) => [z.name]);
const identity = (o: ApiObject) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.name}`;

describe('typed handles of the reference platform', () => {
  const { chart, blueprint } = reference();

  it.each(SERVICE_ROWS)('service %s: its ServiceAccount, Service, NetworkPolicies and Servers', (name: string, svc: any) => {
    const handle = blueprint.service(name as string);
    const namespace = zoneNamespace(svc.zone);
    const account = handle.serviceAccount!;
    expect(account.kind).toBe('ServiceAccount');
    expect([account.name, account.metadata.namespace]).toEqual([svc.serviceAccount?.name ?? svc.name, namespace]);
    const ports: any[] = svc.ports ?? [];
    if (ports.length > 0 && svc.expose !== false) {
      const service = handle.service!;
      expect([service.kind, service.name, service.metadata.namespace]).toEqual(['Service', svc.name, namespace]);
      expect(service.toJson().spec.ports.map((p: any) => p.name)).toEqual(ports.map((p) => p.name));
    } else {
      expect(handle.service).toBeUndefined();
    }
    expect(handle.networkPolicies.length).toBeGreaterThan(0);
    for (const policy of handle.networkPolicies) {
      expect([policy.kind, policy.metadata.namespace]).toEqual(['NetworkPolicy', namespace]);
      expect(policy.name.startsWith(`${svc.name}-`), policy.name).toBe(true);
    }
    const meshed = svc.meshed ?? zoneMeshed(svc.zone);
    const tcpPorts = ports.filter((p) => (p.protocol ?? 'TCP') === 'TCP');
    expect(handle.servers.map((s) => s.toJson().spec.port).sort()).toEqual(meshed ? tcpPorts.map((p) => p.name).sort() : []);
    for (const port of meshed ? tcpPorts : []) {
      const server = handle.server(port.name);
      expect([server.kind, server.metadata.namespace, server.toJson().spec.port]).toEqual(['Server', namespace, port.name]);
    }
    for (const o of [...handle.authorizationPolicies, ...handle.httpRoutes]) {
      expect(o.metadata.namespace).toBe(namespace);
    }
  });

  it.each(ZONE_ROWS)('zone %s: its Namespace and zone-wide policies', (name: string) => {
    const zone = blueprint.zone(name as string);
    expect([zone.namespace.kind, zone.namespace.name]).toEqual(['Namespace', zoneNamespace(name as string)]);
    expect(zone.networkPolicies.map((p) => p.name)).toContain('default-deny');
    expect(zone.networkPolicies.every((p) => p.metadata.namespace === zoneNamespace(name as string))).toBe(true);
    expect(zone.meshObjects.length > 0).toBe(zoneMeshed(name as string));
  });

  it('the Keycloak server, the realm import and the other sections', () => {
    expect([blueprint.keycloak!.kind, blueprint.keycloak!.apiVersion]).toEqual(['Keycloak', expect.stringMatching(/^k8s\.keycloak\.org\//)]);
    expect(blueprint.realmImport!.kind).toBe('KeycloakRealmImport');
    expect(blueprint.realmImport!.toJson().spec.realm.realm).toBe(text.keycloak.realm ?? 'platform');
    expect(blueprint.linkerdControlPlanePolicies.map((p) => p.metadata.namespace)).toEqual(
      blueprint.linkerdControlPlanePolicies.map(() => text.linkerd?.namespace ?? 'linkerd'));
    expect(blueprint.alertingRules.map((r) => r.kind)).toEqual(blueprint.alertingRules.map(() => 'PrometheusRule'));
    expect(blueprint.alertingRules.length).toBeGreaterThan(0);
    expect(blueprint.pkiObjects.length > 0).toBe(text.pki !== undefined);
    expect(blueprint.zoneNames).toEqual(text.zones.map((z: any) => z.name));
  });

  it('every handle returns objects that are in the chart, each object once', () => {
    const inChart = new Set(chart.node.findAll().filter(ApiObject.isApiObject));
    const handled = [
      ...text.services.flatMap((s: any) => {
        const h = blueprint.service(s.name);
        return [h.serviceAccount, h.service, ...h.networkPolicies, ...h.servers, ...h.authorizationPolicies, ...h.httpRoutes].filter((o) => o);
      }),
      ...text.zones.flatMap((z: any) => [blueprint.zone(z.name).namespace, ...blueprint.zone(z.name).networkPolicies]),
    ] as ApiObject[];
    expect(handled.filter((o) => !inChart.has(o))).toEqual([]);
    expect(new Set(handled.map(identity)).size).toBe(handled.length);
  });

  it('unknown names are refused with the known ones listed', () => {
    expect(() => blueprint.zone('edge')).toThrow(/No zone "edge" in the blueprint \(zones: dmz, app, data, management\)/);
    expect(() => blueprint.service('gateway').server('grpc')).toThrow(/no Linkerd Server for a port named "grpc" \(ports with a Server: .*"https"/);
  });
});

describe('patching through a handle', () => {
  it('changes the rendered object', () => {
    const { chart, blueprint } = reference();
    blueprint.service('gateway').service!.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/lb': 'internal' }));
    blueprint.zone('app').namespace.metadata.addLabel('team', 'payments');
    const out = Testing.synth(chart);
    const service = out.find((o) => o.kind === 'Service' && o.metadata.name === 'gateway');
    expect(service.metadata.annotations).toEqual({ 'example.com/lb': 'internal' });
    expect(out.find((o) => o.kind === 'Namespace' && o.metadata.name === 'app').metadata.labels.team).toBe('payments');
  });

  it('a handle without the object is undefined, not an error', () => {
    const chart = new Chart(Testing.app(), 'c');
    const blueprint = new ZeroTrustBlueprint(chart, 'bp', {
      services: [{ name: 'worker', zone: 'app', serviceAccount: { name: 'worker', create: false } }],
    });
    expect(blueprint.service('worker').serviceAccount).toBeUndefined();
    expect(blueprint.service('worker').service).toBeUndefined();
    expect(blueprint.service('worker').servers).toEqual([]);
    expect(blueprint.realmImport).toBeUndefined();
    expect(blueprint.keycloak).toBeUndefined();
    expect(blueprint.pkiObjects).toEqual([]);
  });
});
