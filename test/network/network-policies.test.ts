import { describe, expect, it } from 'vitest';
import { AppProtocol, ReachabilityAnalyzer, ZeroTrustBlueprintProps } from '../../lib';
import { expandPorts } from '../support/declared-connectivity';
import { synthBlueprint, synthExample } from '../support/synth';

const BLUEPRINT: ZeroTrustBlueprintProps = {
  services: [
    { name: 'gateway', zone: 'dmz', ports: [{ name: 'https', port: 443, targetPort: 8443, appProtocol: AppProtocol.TCP }], allowFrom: [{ internet: true, cidrs: ['203.0.113.0/24'] }] },
    { name: 'api', zone: 'app', ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090, metrics: true }], allowFrom: [{ service: 'gateway', ports: ['http'] }] },
    { name: 'legacy', zone: 'app', meshed: false, callerCidrs: ['10.42.0.0/16'], ports: [{ name: 'http', port: 8081 }], allowFrom: [{ service: 'api' }] },
    { name: 'db', zone: 'data', ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }], allowFrom: [{ zone: 'app' }] },
    { name: 'mailer', zone: 'app', egressTo: [{ name: 'smtp-relay', cidrs: ['198.51.100.25/32'], ports: [587] }] },
    { name: 'prometheus', zone: 'management', metricsScraper: true, ports: [{ name: 'http', port: 9090 }] },
  ],
};

const manifests = synthBlueprint(BLUEPRINT);
const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
const policy = (ns: string, name: string) => policies.find((p) => p.metadata.namespace === ns && p.metadata.name === name)?.spec;
const SERVICE_LABEL = 'zero-trust.cdk8s.io/service';
const ports = (rule: any) => rule.ports.map((p: any) => `${p.protocol}/${p.port}`);

describe('zone NetworkPolicies', () => {
  it('deny all ingress and egress by default in every zone namespace', () => {
    for (const ns of ['dmz', 'app', 'data', 'management']) {
      expect(policy(ns, 'default-deny')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    }
  });

  it('allow DNS to kube-dns in kube-system over UDP and TCP 53', () => {
    expect(policy('data', 'allow-dns').egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
  });

  it('allow meshed zones to reach identity, destination and policy in the linkerd namespace', () => {
    const rule = policy('data', 'allow-linkerd-control-plane').egress[0];
    expect(rule.to).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'linkerd' } } }]);
    expect(ports(rule)).toEqual(['TCP/8080', 'TCP/8086', 'TCP/8090']);
  });

  it('give the proxy openings per meshed workload in a zone that also holds an unmeshed service', () => {
    // app holds the unmeshed "legacy": a zone-wide opening would give its pods the proxy ports too.
    const names = policies.filter((p) => p.metadata.namespace === 'app').map((p) => p.metadata.name);
    expect(names).not.toContain('allow-linkerd-control-plane');
    expect(names).not.toContain('allow-metrics-scrape');
    const controlPlane = (rules: any[]) => rules.filter((r) => r.to[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'linkerd' && !r.to[0].podSelector);
    expect(controlPlane(policy('app', 'api-egress').egress).map(ports)).toEqual([['TCP/8080', 'TCP/8086', 'TCP/8090']]);
    expect(controlPlane(policy('app', 'mailer-egress').egress).map(ports)).toEqual([['TCP/8080', 'TCP/8086', 'TCP/8090']]);
    expect(controlPlane(policy('app', 'legacy-egress')?.egress ?? [])).toEqual([]);
    const scrape = policy('app', 'api-ingress').ingress.filter((r: any) => ports(r).includes('TCP/4191'));
    expect(scrape.map((r: any) => r.from[0].podSelector.matchLabels['app.kubernetes.io/name'])).toEqual(['prometheus']);
    expect(policy('app', 'legacy-ingress').ingress.some((r: any) => ports(r).includes('TCP/4191'))).toBe(false);
  });

  it('let the metrics scraper reach the proxy admin port of every meshed pod', () => {
    const rule = policy('data', 'allow-metrics-scrape').ingress[0];
    expect(rule.from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'management' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }]);
    expect(ports(rule)).toEqual(['TCP/4191']);
  });
});

describe('service NetworkPolicies', () => {
  it('turn a service flow into an ingress rule on the target and an egress rule on the caller, with 4143 for meshed pairs', () => {
    const ingress = policy('app', 'api-ingress').ingress[0];
    expect(ingress.from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dmz' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }]);
    expect(ports(ingress)).toEqual(['TCP/8080', 'TCP/4143']);
    const egress = policy('dmz', 'gateway-egress').egress[0];
    expect(egress.to).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }]);
    expect(ports(egress)).toEqual(['TCP/8080', 'TCP/4143']);
  });

  it('leave out 4143 when one end is not meshed', () => {
    expect(ports(policy('app', 'legacy-ingress').ingress[0])).toEqual(['TCP/8081']);
    expect(ports(policy('app', 'api-egress').egress.find((r: any) => r.to[0].podSelector.matchLabels['app.kubernetes.io/name'] === 'legacy'))).toEqual(['TCP/8081']);
  });

  it('use a pod selector alone inside one namespace', () => {
    expect(policy('app', 'legacy-ingress').ingress[0].from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }]);
  });

  it('admit a whole zone as one peer: its pinned namespace and the pods of its services, and call from one zone-wide egress policy', () => {
    expect(policy('data', 'db-ingress').ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } },
      podSelector: { matchExpressions: [{ key: SERVICE_LABEL, operator: 'Exists' }] },
    }]);
    // No caller carries the zone flow in its own policy: app's zone-wide policies do, split by mesh membership.
    for (const caller of ['api', 'legacy', 'mailer']) {
      const own = policy('app', `${caller}-egress`)?.egress ?? [];
      expect(own.filter((r: any) => r.to[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'data'), caller).toEqual([]);
    }
    const meshed = policy('app', 'allow-zone-calls-meshed');
    expect(meshed.podSelector).toEqual({ matchExpressions: [{ key: SERVICE_LABEL, operator: 'Exists' }, { key: SERVICE_LABEL, operator: 'NotIn', values: ['legacy'] }] });
    expect(meshed.egress.map(ports)).toEqual([['TCP/5432', 'TCP/4143']]);
    const unmeshed = policy('app', 'allow-zone-calls-unmeshed');
    expect(unmeshed.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'legacy' } });
    expect(unmeshed.egress.map(ports)).toEqual([['TCP/5432']]);
    expect(unmeshed.egress[0].to).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } } }]);
  });

  it('let exactly the zone\'s service pods make the zone call: not a pod of the zone that is no blueprint service', () => {
    const intruder = { namespace: 'app', name: 'intruder', labels: { 'zero-trust.cdk8s.io/zone': 'app' } };
    const analyzer = ReachabilityAnalyzer.fromManifests(synthBlueprint(BLUEPRINT, { workloads: true }), { extraWorkloads: [intruder] });
    const toDb = (from: string) => expandPorts(analyzer.reachableFrom('app', from).find((r) => r.destination.name === 'db')?.ports ?? []);
    expect(toDb('api')).toEqual(['TCP/4143', 'TCP/5432']);
    expect(toDb('mailer')).toEqual(['TCP/4143', 'TCP/5432']);
    expect(toDb('legacy')).toEqual(['TCP/5432']);
    expect(toDb('intruder')).toEqual([]);
  });

  it('admit the internet only on the entry point port, from the configured CIDRs', () => {
    expect(policy('dmz', 'gateway-ingress').ingress).toEqual([{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 8443 }] }]);
  });

  it('allow external egress only to the declared CIDRs and ports', () => {
    const external = policy('app', 'mailer-egress').egress.filter((r: any) => r.to.some((p: any) => p.ipBlock));
    expect(external).toEqual([{ to: [{ ipBlock: { cidr: '198.51.100.25/32' } }], ports: [{ protocol: 'TCP', port: 587 }] }]);
  });

  it('let the scraper reach declared metrics ports', () => {
    const rule = policy('app', 'api-ingress').ingress[1];
    expect(rule.from[0].podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'prometheus' });
    expect(ports(rule)).toEqual(['TCP/9090', 'TCP/4143']);
  });
});

describe('Linkerd control plane NetworkPolicy', () => {
  const spec = policy('linkerd', 'allow-control-plane-ingress');

  it('admits meshed zone namespaces on 8080, 8086 and 8090 and the API server on the webhook ports', () => {
    expect(spec.ingress[1].from.map((p: any) => p.namespaceSelector.matchLabels['kubernetes.io/metadata.name'])).toEqual(['dmz', 'app', 'data', 'management']);
    expect(ports(spec.ingress[1])).toEqual(['TCP/8080', 'TCP/8086', 'TCP/8090']);
    expect(spec.ingress[2]).toEqual({ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 8443 }, { protocol: 'TCP', port: 9443 }] });
  });

  it('restricts ingress only, leaving the control plane egress to the cluster operator', () => {
    expect(spec.policyTypes).toEqual(['Ingress']);
  });
});

describe('NetworkPolicy output', () => {
  it('never combines an empty namespaceSelector with a pod selector', () => {
    const peers = policies.flatMap((p) => [...(p.spec.ingress ?? []).flatMap((r: any) => r.from ?? []), ...(p.spec.egress ?? []).flatMap((r: any) => r.to ?? [])]);
    expect(peers.length).toBeGreaterThan(10);
    for (const peer of peers) {
      if (peer.namespaceSelector) {
        expect(Object.keys(peer.namespaceSelector.matchLabels ?? {})).toEqual(['kubernetes.io/metadata.name']);
      }
    }
  });

  it('has one default deny per namespace, at most one policy per service and direction, one peer entry per flow', () => {
    const names = policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.endsWith('/default-deny'))).toHaveLength(4);
    // The zone flow from app: its service pods on 5432, and 4143 only for app's meshed services
    // (not the unmeshed "legacy", which has no proxy).
    const [zoneRule, proxyRule] = policy('data', 'db-ingress').ingress;
    expect(policy('data', 'db-ingress').ingress).toHaveLength(2);
    expect(zoneRule.from).toHaveLength(1);
    expect(ports(zoneRule)).toEqual(['TCP/5432']);
    expect(proxyRule.from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } },
      podSelector: { matchExpressions: [{ key: SERVICE_LABEL, operator: 'Exists' }, { key: SERVICE_LABEL, operator: 'NotIn', values: ['legacy'] }] },
    }]);
    expect(ports(proxyRule)).toEqual(['TCP/4143']);
  });

  it('is byte-identical across runs', () => {
    const { Yaml } = require('cdk8s');
    expect(Yaml.stringify(...synthBlueprint(BLUEPRINT))).toBe(Yaml.stringify(...manifests));
    expect(Yaml.stringify(...synthExample().manifests)).toBe(Yaml.stringify(...synthExample().manifests));
  });

  it('matches the snapshot', () => {
    expect(policies).toMatchSnapshot();
  });
});
