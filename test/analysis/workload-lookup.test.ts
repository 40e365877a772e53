// The analyzers find workloads the way users name them: by blueprint service name in a default chart
// (cdk8s hashes metadata names), by zone or namespace, by metadata name; a miss lists the known names.
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { describe, expect, it } from 'vitest';
import { AppProtocol, MeshAuthorizationAnalyzer, MeshDecision, ReachabilityAnalyzer, ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { synthExample } from '../support/synth';

/** The README's blueprint, with its own namespace for the app zone. */
const PROPS: ZeroTrustBlueprintProps = {
  zones: [{ name: 'dmz', role: 'dmz' as any }, { name: 'app', role: 'app' as any, namespace: 'shop-prod' }, { name: 'data', role: 'data' as any }],
  services: [
    { name: 'gateway', zone: 'dmz', ports: [{ name: 'https', port: 443, targetPort: 8443, appProtocol: AppProtocol.TCP }], allowFrom: [{ internet: true }] },
    { name: 'orders', zone: 'app', ports: [{ name: 'http', port: 8080 }], allowFrom: [{ service: 'gateway' }] },
    { name: 'postgresql', zone: 'data', ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }], allowFrom: [{ service: 'orders' }] },
  ],
};
/** Who may call whom, read from PROPS' text: [caller, target, target port]. */
const DECLARED = PROPS.services!.flatMap((s) => (s.allowFrom ?? []).filter((f) => f.service).map((f) => [f.service!, s.name, s.ports![0].targetPort ?? s.ports![0].port] as const));
const ZONE_OF = Object.fromEntries(PROPS.services!.map((s) => [s.name, s.zone]));

/** A default chart (hashed names), one cdk8s-plus Deployment per service, as the README's example does. */
function defaultChart(): any[] {
  const app: App = Testing.app();
  const chart = new Chart(app, 'platform');
  const blueprint = new ZeroTrustBlueprint(chart, 'blueprint', PROPS);
  for (const name of blueprint.serviceNames) {
    const service = blueprint.service(name);
    const deployment = new kplus.Deployment(chart, name, {
      containers: [{ image: `registry.example.com/${name}:1.0.0`, ports: service.containerPorts, securityContext: { user: 65532, group: 65532 } }],
    });
    service.bind(deployment);
  }
  return Testing.synth(chart);
}

describe('workload lookup in a default chart (hashed metadata names)', () => {
  const manifests = defaultChart();
  const reach = ReachabilityAnalyzer.fromManifests(manifests);
  const mesh = MeshAuthorizationAnalyzer.fromManifests(manifests);
  const deploymentName = (service: string) => manifests.find((m) => m.kind === 'Deployment' && m.metadata.name.includes(service)).metadata.name;

  it('the metadata names really are hashed', () => {
    for (const s of ['gateway', 'orders', 'postgresql']) {
      expect(deploymentName(s)).toMatch(new RegExp(`^platform-${s}-c8[0-9a-f]{6}$`));
    }
  });

  it('finds each service by zone and service name, and by namespace', () => {
    expect(reach.find({ namespace: 'dmz', service: 'gateway' })).toEqual({ namespace: 'dmz', name: deploymentName('gateway'), kind: 'Deployment' });
    expect(reach.find({ namespace: 'app', service: 'orders' })).toEqual({ namespace: 'shop-prod', name: deploymentName('orders'), kind: 'Deployment' });
    expect(reach.find({ namespace: 'shop-prod', service: 'orders' })).toEqual(reach.find({ namespace: 'app', service: 'orders' }));
    expect(reach.find({ namespace: 'shop-prod', name: deploymentName('orders') })).toEqual(reach.find({ namespace: 'app', service: 'orders' }));
    expect(mesh.find({ namespace: 'data', service: 'postgresql' }).name).toBe(deploymentName('postgresql'));
  });

  it('answers every pair exactly as the blueprint text declares, on the struct API and the positional one', () => {
    const services = Object.keys(ZONE_OF);
    for (const from of services) {
      for (const to of services.filter((s) => s !== from)) {
        const declared = DECLARED.find(([c, t]) => c === from && t === to);
        const port = declared?.[2] ?? 8080;
        const query = { from: { namespace: ZONE_OF[from], service: from }, to: { namespace: ZONE_OF[to], service: to }, port };
        expect(reach.canReach(query), `${from} -> ${to}:${port}`).toBe(declared !== undefined);
        expect(reach.allows(ZONE_OF[from], from, ZONE_OF[to], to, port)).toBe(declared !== undefined);
        const decision = mesh.authorizeCall({ from: query.from, to: query.to, port }).decision;
        expect(decision, `mesh ${from} -> ${to}:${port}`).toBe(declared ? MeshDecision.ALLOW : MeshDecision.DENY);
        expect(mesh.authorizeWorkload(ZONE_OF[from], from, ZONE_OF[to], to, port).decision).toBe(decision);
      }
    }
    expect(reach.portsBetween({ from: { namespace: 'app', service: 'orders' }, to: { namespace: 'data', service: 'postgresql' } })).toBe('TCP 4143,5432');
    expect(reach.reachableFromWorkload({ namespace: 'dmz', service: 'gateway' }).map((r) => r.destination.name)).toEqual([deploymentName('orders')]);
    expect(reach.reachableFrom('dmz', 'gateway')).toEqual(reach.reachableFromWorkload({ namespace: 'dmz', service: 'gateway' }));
  });

  it('takes a described caller for the mesh (an unmeshed address, an outside identity)', () => {
    const to = { namespace: 'app', service: 'orders' };
    expect(mesh.authorizeCall({ caller: { ip: '203.0.113.9' }, to, port: 8080 }).decision).toBe(MeshDecision.DENY);
    expect(mesh.authorizeCall({ caller: { serviceAccountNamespace: 'dmz', serviceAccount: 'gateway' }, to, port: 8080 }).decision).toBe(MeshDecision.ALLOW);
    expect(() => mesh.authorizeCall({ from: { namespace: 'dmz', service: 'gateway' }, caller: { ip: '10.0.0.1' }, to, port: 8080 })).toThrow(/not both/);
  });

  it('on a miss, says what was looked for and lists the known workloads by zone/service and metadata name', () => {
    const message = (() => {
      try {
        reach.find({ namespace: 'dmz', service: 'gatewy' });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).toContain('no workload "dmz/gatewy"');
    for (const s of ['gateway', 'orders', 'postgresql']) {
      const w = reach.find({ namespace: ZONE_OF[s], service: s });
      expect(message).toContain(`${w.namespace}/${s} (Deployment ${w.name})`);
    }
    expect(() => mesh.find({ namespace: 'data', service: 'orders' })).toThrow(/no workload "data\/orders".*known workloads: .*shop-prod\/orders/);
    expect(() => reach.allows('dmz', 'nope', 'app', 'orders', 8080)).toThrow(/no workload "dmz\/nope"/);
  });

  it('refuses a query naming the workload twice or not at all', () => {
    expect(() => reach.find({ namespace: 'dmz' })).toThrow(/exactly one of "service" or "name" \(found neither\)/);
    expect(() => reach.find({ namespace: 'dmz', service: 'gateway', name: 'x' })).toThrow(/found both/);
  });
});

describe('workload lookup without the blueprint', () => {
  const deployment = (name: string, labels: Record<string, string>, kind = 'Deployment') => ({
    apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'ns1', labels },
    spec: { template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main' }] } } },
  });

  it('reads the service label of a hand-written workload', () => {
    const r = ReachabilityAnalyzer.fromManifests([deployment('api-7f9c', { 'zero-trust.cdk8s.io/service': 'api' })]);
    expect(r.find({ namespace: 'ns1', service: 'api' }).name).toBe('api-7f9c');
    expect(r.find({ namespace: 'ns1', service: 'api-7f9c' }).name).toBe('api-7f9c'); // the metadata name is the fallback
  });

  it('names every match when a name is ambiguous, and the kind tells them apart', () => {
    const r = ReachabilityAnalyzer.fromManifests([deployment('api', {}), deployment('api', {}, 'StatefulSet')]);
    expect(() => r.find({ namespace: 'ns1', name: 'api' })).toThrow(/matches 2 workloads \(Deployment ns1\/api, StatefulSet ns1\/api\)/);
    expect(r.find({ namespace: 'ns1', name: 'api', kind: 'StatefulSet' }).kind).toBe('StatefulSet');
  });
});

describe('the README\'s blast-radius example', () => {
  it('gives the commented answers on the reference platform', () => {
    const analyzer = ReachabilityAnalyzer.fromManifests(synthExample().manifests);
    const reached = analyzer.reachableFromWorkload({ namespace: 'app', service: 'business-api' }).map((r) => `${r.destination.name}: ${r.summary}`).sort();
    expect(reached).toEqual(['keycloak: TCP 4143,8443', 'ml-service: TCP 4143,8000', 'postgresql: TCP 4143,5432']);
    expect(analyzer.canReach({ from: { namespace: 'app', service: 'business-api' }, to: { namespace: 'data', service: 'redis' }, port: 6379 })).toBe(false);
  });
});
