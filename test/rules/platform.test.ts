// The pack on the library's own output: silent on the reference platform and on generated blueprints,
// and each rule fires when the reference platform is broken the way the rule is about.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleFinding, ZeroTrustRulePack } from '../../lib';
import { validBlueprint } from '../property/blueprint-arbitrary';
import { synthPlatform } from '../property/platform-checks';
import { runs, seed } from '../property/settings';
import { synthExample } from '../support/synth';

const brief = (f: RuleFinding) => `${f.ruleId} ${f.resource} ${f.path}`;
const reference = () => structuredClone(synthExample().manifests);
const find = (objects: any[], kind: string, ns: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.namespace === ns && o.metadata.name === name);

describe('the rule pack on the library\'s output', () => {
  it('finds nothing in the reference platform', () => {
    const result = ZeroTrustRulePack.check(reference());
    expect(result.findings.map(brief)).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('finds nothing in generated blueprints\' output (a seeded sample)', () => {
    const sample = fc.sample(validBlueprint, { seed: seed(), numRuns: Math.max(8, Math.floor(runs('ZT_PROPERTY_RUNS', 250) / 20)) });
    for (const props of sample) {
      const { manifests, validation } = synthPlatform(props);
      expect(validation).toEqual([]);
      expect(ZeroTrustRulePack.check(manifests).findings.map(brief), `seed ${seed()}`).toEqual([]);
    }
  });

  it('fires on the reference platform without a zone\'s default-deny (ZT-RULE-001, -002), for that zone only', () => {
    const objects = reference().filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.namespace === 'data' && o.metadata.name === 'default-deny'));
    const found = ZeroTrustRulePack.check(objects).findings;
    expect(new Set(found.map((f) => f.ruleId))).toEqual(new Set(['ZT-RULE-001', 'ZT-RULE-002']));
    expect(new Set(found.map((f) => f.resource.split('/')[1]))).toEqual(new Set(['data']));
  });

  it('fires on the reference platform when an ingress rule loses 4143 (ZT-RULE-004) on exactly the callers of that rule', () => {
    const objects = reference();
    const ingress = find(objects, 'NetworkPolicy', 'data', 'postgresql-ingress');
    for (const rule of ingress.spec.ingress) {
      rule.ports = rule.ports?.filter((p: any) => p.port !== 4143);
    }
    const found = ZeroTrustRulePack.check(objects).findings;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.ruleId === 'ZT-RULE-004' && f.message.includes('data/postgresql'))).toBe(true);
  });

  it('fires on the reference platform when a Server is renamed (ZT-RULE-005): every policy and route of it', () => {
    const objects = reference();
    const server = objects.find((o) => o.kind === 'Server');
    const old = server.metadata.name;
    server.metadata.name = `${old}-renamed`;
    const dependents = objects.filter((o) => o.metadata.namespace === server.metadata.namespace
      && (o.spec?.targetRef?.name === old && o.spec?.targetRef?.kind === 'Server' || (o.spec?.parentRefs ?? []).some((p: any) => p.kind === 'Server' && p.name === old)));
    expect(dependents.length).toBeGreaterThan(0);
    const found = ZeroTrustRulePack.check(objects).findings;
    expect(found.map((f) => f.resource).sort()).toEqual(dependents.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort());
  });

  it('fires on the reference platform when the SPA loses PKCE (ZT-RULE-007) or a client secret is inlined (ZT-RULE-006)', () => {
    const objects = reference();
    const realm = objects.find((o) => o.kind === 'KeycloakRealmImport').spec.realm;
    const spa = realm.clients.find((c: any) => c.publicClient && c.standardFlowEnabled);
    delete spa.attributes['pkce.code.challenge.method'];
    const confidential = realm.clients.find((c: any) => c.secret);
    confidential.secret = 'inlined-secret';
    expect(ZeroTrustRulePack.check(objects).findings.map((f) => `${f.ruleId} ${f.path}`).sort()).toEqual([
      `ZT-RULE-006 spec.realm.clients[${realm.clients.indexOf(confidential)}].secret`,
      `ZT-RULE-007 spec.realm.clients[${realm.clients.indexOf(spa)}].attributes`,
    ]);
  });
});
