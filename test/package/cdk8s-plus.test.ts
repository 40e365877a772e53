// The reference platform example with the oldest supported cdk8s-plus (27) and the newest this repo
// tests (its newest cdk8s-plus devDependency): bind() works on the rendered pod template, so the
// workloads bind alike and the blueprint's own objects do not depend on the version.
import { readFileSync } from 'fs';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addWorkloads, Cdk8sPlusModule } from '../../examples/reference-platform/workloads';
import { ZeroTrustBlueprint } from '../../lib';
import { EXAMPLE_BLUEPRINT } from '../support/synth';
import { repoRoot } from '../support/tools';

const NEWEST = Object.keys(JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')).devDependencies)
  .filter((name) => /^cdk8s-plus-\d+$/.test(name)).sort((a, b) => Number(a.slice(11)) - Number(b.slice(11))).pop()!;
const VERSIONS = ['cdk8s-plus-27', NEWEST];

function synthReference(cdk8sPlus: string): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'reference-platform', { disableResourceNameHashes: true });
  const blueprint = ZeroTrustBlueprint.fromFile(chart, 'blueprint', EXAMPLE_BLUEPRINT);
  addWorkloads(chart, blueprint, require(cdk8sPlus) as Cdk8sPlusModule);
  return Testing.synth(chart); // runs the synth-time checks: ports, Pod Security restricted, probes, both layers
}

/** What bind() sets on a Deployment, and the ports it checks. */
function binding(d: any) {
  const pod = d.spec.template;
  return {
    namespace: d.metadata.namespace,
    selector: d.spec.selector.matchLabels,
    labels: pod.metadata.labels,
    annotations: pod.metadata.annotations,
    serviceAccountName: pod.spec.serviceAccountName,
    seccompProfile: pod.spec.securityContext.seccompProfile,
    containers: pod.spec.containers.map((c: any) => ({ ports: c.ports, capabilities: c.securityContext.capabilities })),
  };
}

describe(`the reference platform example with ${VERSIONS.join(' and ')}`, () => {
  const outputs = Object.fromEntries(VERSIONS.map((v) => [v, synthReference(v)]));
  const text = parse(readFileSync(EXAMPLE_BLUEPRINT, 'utf8'));

  it('tests two different cdk8s-plus majors', () => {
    expect(NEWEST).not.toBe('cdk8s-plus-27');
  });

  it('gives the same blueprint objects with either version', () => {
    const [oldest, newest] = VERSIONS.map((v) => outputs[v]!.filter((o) => o.kind !== 'Deployment'));
    expect(newest!.length).toBeGreaterThan(100);
    expect(newest).toEqual(oldest);
  });

  it.each(VERSIONS)('binds a Deployment per service written in the blueprint with %s: its zone namespace and service account', (version) => {
    const deployments = outputs[version]!.filter((o) => o.kind === 'Deployment');
    const namespaceOf = (zone: string) => (text.zones ?? []).find((z: any) => z.name === zone)?.namespace ?? zone;
    // Keycloak's pods come from the Keycloak CR (the operator), not from a Deployment of the example.
    const keycloakService = text.keycloak ? text.keycloak.service ?? 'keycloak' : undefined; // the documented default
    const expected = text.services.filter((s: any) => s.name !== keycloakService)
      .map((s: any) => ({ name: s.name, namespace: namespaceOf(s.zone), serviceAccountName: s.serviceAccount?.name ?? s.name }));
    expect(deployments.map((d) => ({ name: d.metadata.name, namespace: d.metadata.namespace, serviceAccountName: d.spec.template.spec.serviceAccountName })))
      .toEqual(expect.arrayContaining(expected));
    expect(deployments).toHaveLength(expected.length);
    for (const d of deployments) {
      expect(d.spec.template.metadata.annotations['linkerd.io/inject'], d.metadata.name).toBeDefined();
      expect(d.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      for (const c of d.spec.template.spec.containers) expect(c.securityContext.capabilities.drop).toEqual(['ALL']);
    }
  });

  it('binds every Deployment alike with either version', () => {
    const [oldest, newest] = VERSIONS.map((v) => outputs[v]!.filter((o) => o.kind === 'Deployment').map(binding));
    expect(newest).toEqual(oldest);
  });
});
