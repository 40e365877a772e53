// The synthesized output applied to a real kube-apiserver (with etcd) with every CRD installed: what a
// user's `kubectl apply --server-side` meets, including field validation of built-in kinds, defaulting,
// pruning, strict unknown-field checks and the CRDs' CEL rules, which the JSON-schema tools skip.
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validBlueprint } from '../blueprint/fixtures';
import { KeycloakApiVersion } from '../../lib';
import { keycloakBlueprint, mutatedKeycloak } from '../keycloak/fixtures';
import { meshBlueprint } from '../mesh/fixtures';
import { pkiBlueprint } from '../pki/fixtures';
import { validBlueprint as generatedBlueprint } from '../property/blueprint-arbitrary';
import { synthPlatform } from '../property/platform-checks';
import { runs, seed } from '../property/settings';
import { tenantBlueprint } from '../pulumi/fixtures';
import { synthBlueprint, synthExample } from '../support/synth';
import { TestApiServer } from './support/api-server';
import { AppliedObject, applyManifests, deleteManifests, describeRejections, objectId } from './support/apply';
import { allCrds, dryRunThenApply, startTestCluster } from './support/cluster';
import { brokenBuiltIns, brokenCustomResources, BrokenObject } from './support/broken-objects';

let server: TestApiServer;
beforeAll(async () => { server = await startTestCluster(); });
afterAll(async () => { await server?.stop(); });

/** An object without what every write changes: its resourceVersion and the managers' timestamps. */
function withoutWriteStamps(o: any): any {
  const { resourceVersion: _rv, managedFields, ...metadata } = o.metadata;
  return { ...o, metadata: { ...metadata, managedFields: (managedFields ?? []).map(({ time: _t, ...f }: any) => f) } };
}

/** Applies a platform in place of the one applied before: no rejection, every object stored, no warning. */
async function expectReplacesCleanly(manifests: any[]): Promise<void> {
  // The platform applied before left Deployments of the same names, whose selectors (immutable) hold
  // another chart's address label: remove them, as a user replacing that platform would.
  expect(describeRejections(await deleteManifests(server.client, manifests.filter((m) => m.kind === 'Deployment')))).toBe('');
  const { dryRun, apply } = await dryRunThenApply(server.client, manifests);
  expect(describeRejections([...dryRun.rejections, ...apply.rejections])).toBe('');
  expect(apply.applied).toHaveLength(manifests.length);
  expect(apply.applied.filter((o) => o.warnings.length).map((o) => `${o.id}: ${o.warnings.join('; ')}`)).toEqual([]);
}

const byId = (objects: readonly AppliedObject[]) => new Map(objects.map((o) => [o.id, o]));

describe('the reference platform on kube-apiserver', () => {
  const { manifests } = synthExample();
  let firstApply: AppliedObject[] = [];

  test('every object passes the dry run and is stored, with no warning', async () => {
    const { dryRun, apply } = await dryRunThenApply(server.client, manifests);
    expect(describeRejections(dryRun.rejections)).toBe('');
    expect(describeRejections(apply.rejections)).toBe('');
    expect(apply.applied.map((o) => o.id).sort()).toEqual(manifests.map(objectId).sort());
    firstApply = apply.applied;
    // Warnings are deprecated API versions, fields the server drops, Pod Security violations.
    expect(apply.applied.filter((o) => o.warnings.length).map((o) => `${o.id}: ${o.warnings.join('; ')}`)).toEqual([]);
  });

  test('a second apply changes nothing: same resourceVersion, generation and one field manager', async () => {
    const first = byId(firstApply);
    expect(first.size).toBe(manifests.length);
    const second = await applyManifests(server.client, manifests);
    expect(describeRejections(second.rejections)).toBe('');
    const rewritten: string[] = [];
    for (const o of second.applied) {
      const before = first.get(o.id)!;
      expect({ id: o.id, generation: o.generation }).toEqual({ id: o.id, generation: before.generation });
      if (o.resourceVersion !== before.resourceVersion) {
        // kube-apiserver before 1.32 rewrites some custom resources (the Gateway API and Envoy Gateway ones)
        // on a no-op apply made in a later second (kubernetes/kubernetes#121404): then nothing but the
        // apply's timestamp may differ.
        expect(withoutWriteStamps(o.stored)).toEqual(withoutWriteStamps(before.stored));
        rewritten.push(o.id);
      }
      expect(o.managedFields.filter((f) => f.operation === 'Apply').map((f) => f.manager)).toEqual(['cdk8s-zero-trust']);
    }
    const crdKinds = new Set(allCrds().map((c) => c.spec.names.kind));
    expect(rewritten.filter((id) => !crdKinds.has(id.split(' ')[0]))).toEqual([]); // built-in kinds: never
  });

  test('the stored objects are what was applied (nothing pruned or rewritten)', async () => {
    // A field the server does not know is refused (strict validation); one it pruned or changed would
    // differ here. Built-in kinds are stored in canonical form: quantities ("2048Mi" is "2Gi") and zero
    // values (Go's omitempty) count as the same value.
    for (const m of manifests.filter((x) => x.spec)) {
      const path = await server.client.pathOf(m.apiVersion, m.kind, m.metadata.namespace, m.metadata.name);
      const stored = (await server.client.request('GET', path)).body;
      const canonical = isBuiltInKind(m.apiVersion);
      expect({ id: objectId(m), spec: storedPart(m.spec, stored.spec, canonical) }).toEqual({ id: objectId(m), spec: m.spec });
    }
  });
});

describe('the test fixtures\' blueprints on kube-apiserver', () => {
  const fixtures: [string, () => any[]][] = [
    ['blueprint: the minimal valid one', () => synthBlueprint(validBlueprint(), { workloads: true })],
    ['keycloak', () => synthBlueprint(keycloakBlueprint(), { workloads: true })],
    ['mesh', () => synthBlueprint(meshBlueprint(), { workloads: true })],
    ['pki', () => synthBlueprint(pkiBlueprint(), { workloads: true })],
    ['pulumi: the tenant platform', () => synthBlueprint(tenantBlueprint(), { workloads: true })],
  ];
  test.each(fixtures)('%s: accepted with no rejection and no warning', async (_name, synth) => {
    const manifests = synth();
    await expectReplacesCleanly(manifests);
  });
});

describe('generated blueprints (the property suite\'s generator) on kube-apiserver', () => {
  // A seeded sample, so a rejection reproduces: ZT_PROPERTY_SEED as in the property suite, and
  // ZT_APISERVER_SAMPLE for a larger sample.
  const sample = fc.sample(generatedBlueprint, { seed: seed(), numRuns: runs('ZT_APISERVER_SAMPLE', 8) });
  test.each(sample.map((props, i) => [i, props] as const))('generated blueprint %i: accepted with no rejection and no warning', async (_i, props) => {
    const { manifests, validation } = synthPlatform(props);
    expect(validation).toEqual([]);
    expect(manifests.length).toBeGreaterThan(0);
    await expectReplacesCleanly(manifests);
  });
});

describe('Keycloak objects in the operator\'s deprecated version', () => {
  test('v2alpha1 is served with a deprecation warning, which the warning check above would report', async () => {
    const manifests = synthBlueprint(mutatedKeycloak((b) => { b.keycloak.apiVersion = KeycloakApiVersion.V2ALPHA1; }), { workloads: true });
    const keycloakObjects = manifests.filter((m) => m.apiVersion === 'k8s.keycloak.org/v2alpha1');
    expect(keycloakObjects.map((m) => m.kind).sort()).toEqual(['Keycloak', 'KeycloakRealmImport']);
    const { applied, rejections } = await applyManifests(server.client, keycloakObjects, { dryRun: true });
    expect(describeRejections(rejections)).toBe('');
    expect(applied.map((o) => o.warnings)).toEqual([['Please migrate to v2beta1'], ['Please migrate to v2beta1']]);
  });
});

describe('negative checks: the server really validates', () => {
  const { manifests } = synthExample();
  const refused = async (b: BrokenObject) => {
    const { applied, rejections } = await applyManifests(server.client, [b.object], { dryRun: true });
    return { applied: applied.map((a) => a.id), rejection: rejections[0]?.message ?? '' };
  };

  test.each(brokenBuiltIns(manifests).map((b) => [b.what, b] as const))('built-in: %s is refused', async (_what, b) => {
    const { applied, rejection } = await refused(b);
    expect(applied).toEqual([]);
    expect(rejection).toMatch(b.expect);
  });

  const custom = brokenCustomResources(manifests);
  test('every custom resource kind of the output has broken variants', () => {
    // Custom kinds are those an installed CRD defines (gateway.networking.k8s.io is one, networking.k8s.io is not).
    const crdKinds = new Set(allCrds().map((c) => `${c.spec.group} ${c.spec.names.kind}`));
    const kinds = new Set(manifests.filter((m) => crdKinds.has(`${m.apiVersion.split('/')[0]} ${m.kind}`)).map((m) => `${m.apiVersion} ${m.kind}`));
    expect([...new Set(custom.map((b) => `${b.object.apiVersion} ${b.object.kind}`))].sort()).toEqual([...kinds].sort());
  });
  test.each(custom.map((b) => [b.what, b] as const))('custom resource: %s is refused', async (_what, b) => {
    const { applied, rejection } = await refused(b);
    expect(applied).toEqual([]);
    expect(rejection).toMatch(b.expect);
  });
});

/**
 * The part of `actual` (stored) that has the keys of `expected` (applied), so server defaults do not count
 * as a difference. With `canonical`, a quantity equal in value and a zero value the server omitted count
 * as the applied value.
 */
function storedPart(expected: any, actual: any, canonical: boolean): any {
  if (Array.isArray(expected)) return Array.isArray(actual) ? expected.map((e, i) => storedPart(e, actual[i], canonical)) : actual;
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return actual;
    return Object.fromEntries(Object.keys(expected)
      .filter((k) => k in actual || (canonical && isZero(expected[k])))
      .map((k) => [k, k in actual ? storedPart(expected[k], actual[k], canonical) : expected[k]]));
  }
  if (canonical && typeof expected === 'string' && typeof actual === 'string' && quantity(expected) !== undefined && quantity(expected) === quantity(actual)) {
    return expected;
  }
  return actual;
}

const isZero = (v: unknown) => v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0);

const QUANTITY_UNITS: Record<string, number> = { '': 1, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40 };

/** The value of a Kubernetes quantity ("500m", "2Gi"), undefined for any other string. */
function quantity(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|Ki|Mi|Gi|Ti)?$/.exec(s);
  return m ? Number(m[1]) * QUANTITY_UNITS[m[2] ?? ''] : undefined;
}

function isBuiltInKind(apiVersion: string): boolean {
  return !apiVersion.includes('.') || (apiVersion.includes('.k8s.io/') && !apiVersion.startsWith('gateway.networking.'));
}
