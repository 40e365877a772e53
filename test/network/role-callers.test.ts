import { Chart, Testing, Yaml } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MeshAuthorizationAnalyzer, ReachabilityAnalyzer, ServiceProps, ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { scaleBlueprint } from '../../bench/scale-blueprint';
import { expandPorts } from '../support/declared-connectivity';
import { requiredIdentityRefs } from '../support/mesh-authentications';
import { peerWorkloads } from '../support/peer-services';
import { synthBlueprint } from '../support/synth';

// Structural properties of role flows (counts and sizes, never time: speed is measured in bench/): the
// holders of a role are one caller group, so what a target adds does not depend on how many hold the
// role, and what a holder namespace adds does not depend on how many targets the role may call.

const SERVICE_LABEL = 'zero-trust.cdk8s.io/service';

interface Shape {
  /** Holders of `viewer` in app (one of them unmeshed, with callerCidrs, when `mixed`). */
  readonly holders: number;
  /** Holders of `viewer` in management. */
  readonly managers: number;
  /** Targets in data admitting `viewer`; every other one has a route admitting `viewer` too. */
  readonly targets: number;
  readonly mixed: boolean;
}

/** Holders in app and management, bystanders without the role in both, targets in data (and one in app). */
function blueprint({ holders, managers, targets, mixed }: Shape): ZeroTrustBlueprintProps {
  const services: ServiceProps[] = [];
  for (let i = 0; i < holders; i++) {
    const unmeshed = mixed && i === 0;
    services.push({ name: `holder-${i}`, zone: 'app', roles: ['viewer'], ...(unmeshed ? { meshed: false, callerCidrs: ['10.42.0.0/16'] } : {}) });
  }
  for (let i = 0; i < managers; i++) services.push({ name: `manager-${i}`, zone: 'management', roles: ['admin'] });
  services.push({ name: 'bystander', zone: 'app' }, { name: 'outsider', zone: 'management' });
  for (let t = 0; t < targets; t++) {
    const routed = t % 2 === 1 && !mixed; // an unmeshed holder cannot be admitted by a route's role
    services.push({
      name: `db-${t}`, zone: 'data', ports: [{ name: routed ? 'http' : 'postgresql', port: routed ? 8080 : 5432 }],
      allowFrom: [{ roles: ['viewer'] }],
      ...(routed ? { routes: [{ name: 'read', path: '/r', allowRoles: ['viewer'] }] } : {}),
    });
  }
  services.push({ name: 'api', zone: 'app', ports: [{ name: 'grpc', port: 9000 }], allowFrom: [{ roles: ['viewer'] }] });
  const zoneRules = [{ from: 'app', to: 'data' }, { from: 'management', to: 'data' }, { from: 'management', to: 'app' }];
  return { zoneRules, services };
}

const networkPolicies = (m: any[]) => m.filter((o) => o.kind === 'NetworkPolicy');
const selected = (m: any[], policy: any) => peerWorkloads(m, { podSelector: policy.spec.podSelector }, policy.metadata.namespace);
/** The ingress policies of `namespace` that apply to `workload`, by evaluating their pod selectors. */
const ingressOf = (m: any[], namespace: string, workload: string) => networkPolicies(m).filter((p) => p.metadata.namespace === namespace && p.spec.ingress && selected(m, p).includes(workload));
const shapeOf = (policies: any[]) => policies.map((p) => ({ rules: [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])].map((r) => (r.from ?? r.to).length) }));
const isLinkerd = (m: any) => String(m.apiVersion).startsWith('policy.linkerd.io/');
/** Kinds of the Linkerd objects a target owns (its service label), sorted. */
const ownLinkerd = (m: any[], name: string) => m.filter((o) => isLinkerd(o) && o.metadata.labels?.[SERVICE_LABEL] === name).map((o) => `${o.kind} ${o.metadata.name}`).sort();
const bytes = (objects: any[]) => objects.reduce((n, o) => n + Yaml.stringify(o).length, 0);

describe('a role flow', () => {
  it('adds the same policies, rules, peers and Linkerd objects per target whatever the number of holders (generated sizes)', () => {
    const perTarget = (shape: Shape) => {
      const m = synthBlueprint(blueprint(shape), { workloads: true });
      return Array.from({ length: shape.targets }, (_, t) => {
        const ingress = ingressOf(m, 'data', `db-${t}`);
        const own = m.filter((o) => isLinkerd(o) && o.metadata.labels?.[SERVICE_LABEL] === `db-${t}`);
        return { ingress: shapeOf(ingress), linkerd: ownLinkerd(m, `db-${t}`), bytes: bytes(own) };
      });
    };
    fc.assert(fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), (holders, managers, targets, mixed) => {
      const reference = perTarget({ holders: 2, managers: 1, targets, mixed });
      expect(perTarget({ holders, managers, targets, mixed })).toEqual(reference);
      // One peer per holder namespace (app, management); a second rule gives the meshed ones 4143 when the holders mix.
      for (const { ingress } of reference) {
        expect(ingress).toEqual([{ rules: mixed ? [2, 2] : [2] }]);
      }
    }), { seed: 10, numRuns: 10 });
  });

  it('adds one egress policy per holder namespace whose rules do not grow with the number of targets (generated sizes)', () => {
    const holderPolicies = (shape: Shape) => {
      const m = synthBlueprint(blueprint(shape));
      // The policies selecting the holders that reach data: the role's policy, split when the holders mix.
      const intoData = (p: any) => (p.spec.egress ?? []).some((r: any) => r.to.some((peer: any) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'data'));
      return networkPolicies(m).filter(intoData).map((p) => ({ name: `${p.metadata.namespace}/${p.metadata.name}`, ...shapeOf([p])[0] }));
    };
    fc.assert(fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 2, max: 12 }), fc.boolean(), (holders, managers, targets, mixed) => {
      expect(holderPolicies({ holders, managers, targets, mixed })).toEqual(holderPolicies({ holders: 2, managers: 1, targets: 2, mixed }));
    }), { seed: 11, numRuns: 10 });
    const names = holderPolicies({ holders: 3, managers: 2, targets: 3, mixed: true }).map((p) => p.name);
    expect(names).toEqual(['app/allow-role-viewer-callers-meshed', 'app/allow-role-viewer-callers-unmeshed', 'management/allow-role-viewer-callers']);
  });

  it('admits exactly the holders, on both layers, with a shared MeshTLSAuthentication per target namespace', () => {
    const shape = { holders: 6, managers: 3, targets: 4, mixed: false };
    const m = synthBlueprint(blueprint(shape), { workloads: true });
    const holders = [...Array.from({ length: 6 }, (_, i) => `holder-${i}`), ...Array.from({ length: 3 }, (_, i) => `manager-${i}`)];
    const callers = [...holders.map((h) => ({ name: h, namespace: h.startsWith('holder') ? 'app' : 'management' })), { name: 'bystander', namespace: 'app' }, { name: 'outsider', namespace: 'management' }];
    const reach = ReachabilityAnalyzer.fromManifests(m);
    const mesh = MeshAuthorizationAnalyzer.fromManifests(m);
    const targets = [...Array.from({ length: 4 }, (_, t) => ({ name: `db-${t}`, namespace: 'data', port: t % 2 === 1 ? 8080 : 5432 })), { name: 'api', namespace: 'app', port: 9000 }];
    for (const caller of callers) {
      const declared = holders.includes(caller.name);
      const reached = new Map(reach.reachableFrom(caller.namespace, caller.name).map((r) => [r.destination.name, expandPorts(r.ports)]));
      for (const target of targets) {
        expect(reached.get(target.name) ?? [], `${caller.name} -> ${target.name}`).toEqual(declared ? [`TCP/${target.port}`, 'TCP/4143'].sort() : []);
        const request = target.port === 8080 ? { path: '/r/x', method: 'GET' } : undefined;
        const result = mesh.authorize({ serviceAccountNamespace: caller.namespace, serviceAccount: caller.name }, target.namespace, target.name, target.port, request);
        expect(result.authorized, `mesh ${caller.name} -> ${target.name}`).toBe(declared);
      }
    }
    const group = m.filter((o) => o.kind === 'MeshTLSAuthentication' && o.metadata.name === 'role-viewer-callers').map((o) => o.metadata.namespace).sort();
    expect(group).toEqual(['app', 'data']); // once per target namespace, shared by its Servers and routes
    const expected = callers.filter((c) => holders.includes(c.name)).map((c) => `${c.namespace}/${c.name}`).sort();
    expect(requiredIdentityRefs(m, 'data', 'db-0-postgresql')).toEqual(expected);
    expect(requiredIdentityRefs(m, 'data', 'db-1-http-route-read', 'HTTPRoute')).toEqual(expected);
  });

  it('keeps unmeshed targets and non-TCP ports apart from the proxy port 4143', () => {
    const props = blueprint({ holders: 3, managers: 1, targets: 1, mixed: false });
    props.services.push(
      { name: 'legacy-db', zone: 'data', meshed: false, ports: [{ name: 'postgresql', port: 5432 }], allowFrom: [{ roles: ['viewer'] }] },
      { name: 'syslog', zone: 'data', ports: [{ name: 'syslog', port: 514, protocol: 'UDP' as any }], allowFrom: [{ roles: ['viewer'] }] },
    );
    const m = synthBlueprint(props, { workloads: true });
    const ports = (name: string) => {
      const policy = m.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'data' && o.metadata.name === name);
      return { selects: selected(m, policy), ports: policy.spec.ingress.map((r: any) => r.ports.map((p: any) => `${p.protocol}/${p.port}`)) };
    };
    expect(ports('allow-role-viewer-callers-to-tcp-5432')).toEqual({ selects: ['db-0'], ports: [['TCP/5432', 'TCP/4143']] });
    expect(ports('allow-role-viewer-callers-to-unmeshed-tcp-5432')).toEqual({ selects: ['legacy-db'], ports: [['TCP/5432']] });
    expect(ports('allow-role-viewer-callers-to-udp-514')).toEqual({ selects: ['syslog'], ports: [['UDP/514']] });
    const reach = ReachabilityAnalyzer.fromManifests(m);
    const reached = new Map(reach.reachableFrom('app', 'holder-1').map((r) => [r.destination.name, expandPorts(r.ports)]));
    expect([reached.get('db-0'), reached.get('legacy-db'), reached.get('syslog')]).toEqual([['TCP/4143', 'TCP/5432'], ['TCP/5432'], ['UDP/514']]);
  });
});

describe('the role flows of the bench blueprint', () => {
  it('grow linearly: twice the services, at most 2.2 times the bytes of the NetworkPolicies and of the Linkerd policies', () => {
    const measure = (size: number) => {
      const chart = new Chart(Testing.app(), 'scale', { disableResourceNameHashes: true });
      new ZeroTrustBlueprint(chart, 'blueprint', scaleBlueprint(size));
      const m = Testing.synth(chart);
      return { policies: bytes(networkPolicies(m)), linkerd: bytes(m.filter((o) => isLinkerd(o) && o.kind !== 'Server' && o.kind !== 'HTTPRoute')) };
    };
    const small = measure(400);
    const large = measure(800);
    for (const key of ['policies', 'linkerd'] as const) {
      expect(large[key] / small[key], key).toBeLessThanOrEqual(2.2);
      expect(large[key] / small[key], key).toBeGreaterThan(1.5); // they do grow with the services: the measure is not empty
    }
  }, 180_000);
});
