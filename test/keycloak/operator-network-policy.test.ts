// The Keycloak Operator (26.2 and later) creates a NetworkPolicy of its own from the Keycloak CR, and
// NetworkPolicies add up: whatever it admits, Keycloak admits. These tests render that policy the way the
// operator does and evaluate it together with the blueprint's policies.
import { describe, expect, it } from 'vitest';
import { OperatorNetworkPolicy, ReachabilityAnalyzer } from '../../lib';
import { keycloakOperatorPodLabels } from '../../lib/analysis/workload-templates';
import { synthBlueprint, synthExample } from '../support/synth';
import { keycloakBlueprint, mutatedKeycloak } from './fixtures';

/**
 * The NetworkPolicy the operator derives from a Keycloak CR, as read from its source (keycloak/keycloak,
 * operator module, KeycloakNetworkPolicyDependentResource and NetworkPolicySpec):
 * - none when `spec.networkPolicy.enabled` is false; enabled is the default;
 * - named `<cr>-network-policy`, selecting the CR's pods by the operator's labels, Ingress only;
 * - one rule on the HTTP port (8080 unless `http.httpPort`) when TLS is not configured or HTTP is enabled,
 *   with the `http` sources;
 * - one rule on the HTTPS port (`http.httpsPort`, 8443) when TLS is configured, with the `https` sources;
 * - one rule on JGroups 7800 and 57800 from the Keycloak pods themselves (the default cache stack);
 * - one rule on the management port (`httpManagement.port`, 9000) when health or metrics are on (they are),
 *   with the `management` sources;
 * - a rule whose source list is missing or empty has no `from`: it admits every source.
 */
function operatorPolicy(cr: any): any | undefined {
  const np = cr.spec.networkPolicy ?? {};
  if (np.enabled === false) return undefined;
  const pods = keycloakOperatorPodLabels(cr.metadata.name);
  const rule = (port: number, peers: any[] | undefined) => ({
    ports: [{ protocol: 'TCP', port }],
    ...(peers && peers.length > 0 ? { from: peers } : {}),
  });
  const http = cr.spec.http ?? {};
  const tls = Boolean(http.tlsSecret);
  const ingress = [
    ...(!tls || http.httpEnabled ? [rule(http.httpPort ?? 8080, np.http)] : []),
    ...(tls ? [rule(http.httpsPort ?? 8443, np.https)] : []),
    { ports: [{ protocol: 'TCP', port: 7800 }, { protocol: 'TCP', port: 57800 }], from: [{ podSelector: { matchLabels: pods } }] },
    rule(cr.spec.httpManagement?.port ?? 9000, np.management),
  ];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${cr.metadata.name}-network-policy`, namespace: cr.metadata.namespace },
    spec: { podSelector: { matchLabels: pods }, policyTypes: ['Ingress'], ingress },
  };
}

/** A pod outside the blueprint: any workload of the cluster, in a namespace of its own. */
const OUTSIDER = { namespace: 'ci', name: 'runner', labels: { app: 'runner' } };
const options = { extraNamespaces: [{ name: OUTSIDER.namespace }], extraWorkloads: [OUTSIDER] };

/** Everything that reaches the Keycloak workload: each workload with its ports, and outside addresses. */
function callersOfKeycloak(manifests: any[], keycloak: { namespace: string; name: string }): { pods: string[]; external: string[] } {
  const analyzer = ReachabilityAnalyzer.fromManifests(manifests, options);
  const pods = analyzer.workloads
    .filter((w) => !(w.namespace === keycloak.namespace && w.name === keycloak.name))
    .map((w) => `${w.namespace}/${w.name}: ${analyzer.describe(w.namespace, w.name, keycloak.namespace, keycloak.name)}`)
    .filter((line) => !line.endsWith('No Connections'));
  const external = analyzer.ingressFromExternal(keycloak.namespace, keycloak.name).map((e) => `${e.cidr} ${e.summary}`);
  return { pods: pods.sort(), external: external.sort() };
}

const platforms: [string, () => any[]][] = [
  ['the Keycloak fixture', () => synthBlueprint(keycloakBlueprint(), { workloads: true })],
  ['the reference platform', () => synthExample().manifests],
  ['the fixture without a metrics scraper (nobody may call the management port)', () => synthBlueprint(mutatedKeycloak((b) => {
    b.services = b.services.filter((s: any) => !s.metricsScraper);
  }), { workloads: true })],
];

describe.each(platforms)('the operator\'s NetworkPolicy with our policies: %s', (_name, synth) => {
  const manifests = synth();
  const cr = manifests.find((m) => m.kind === 'Keycloak');
  const keycloak = { namespace: cr.metadata.namespace, name: cr.metadata.name };
  const ours = callersOfKeycloak(manifests, keycloak);

  it('admits no caller beyond the blueprint\'s (same workloads, same ports, same addresses)', () => {
    const policy = operatorPolicy(cr);
    expect(policy).toBeDefined();
    expect(callersOfKeycloak([...manifests, policy], keycloak)).toEqual(ours);
  });

  it('never lists an empty source list, which the operator would read as "every source"', () => {
    expect(cr.spec.networkPolicy.https.length).toBeGreaterThan(0);
    expect(cr.spec.networkPolicy.management.length).toBeGreaterThan(0);
  });

  it('would admit extra callers with the operator\'s defaults (no sources): the check above can fail', () => {
    const open = operatorPolicy({ ...cr, spec: { ...cr.spec, networkPolicy: undefined } });
    const widened = callersOfKeycloak([...manifests, open], keycloak);
    expect(widened.pods).toContain(`${OUTSIDER.namespace}/${OUTSIDER.name}: TCP 8443,9000`);
    expect(widened.external.join()).toContain('0.0.0.0/0');
  });
});

describe('the operator\'s NetworkPolicy settings', () => {
  it('DISABLE: the operator makes none, and our policies alone decide', () => {
    const manifests = synthBlueprint(mutatedKeycloak((b) => { b.keycloak.operatorNetworkPolicy = OperatorNetworkPolicy.DISABLE; }), { workloads: true });
    expect(operatorPolicy(manifests.find((m) => m.kind === 'Keycloak'))).toBeUndefined();
  });

  it('a port nobody may call gets a source that matches no pod in any namespace', () => {
    const manifests = synthBlueprint(mutatedKeycloak((b) => { b.services = b.services.filter((s: any) => !s.metricsScraper); }), { workloads: true });
    const cr = manifests.find((m) => m.kind === 'Keycloak');
    expect(cr.spec.networkPolicy.management).toHaveLength(1);
    const [peer] = cr.spec.networkPolicy.management;
    expect(peer.namespaceSelector).toBeUndefined();
    const analyzer = ReachabilityAnalyzer.fromManifests([...manifests, operatorPolicy(cr)], options);
    expect(analyzer.workloads.filter((w) => w.name !== 'keycloak' && analyzer.allows(w.namespace, w.name, 'app', 'keycloak', 9000))).toEqual([]);
  });
});
