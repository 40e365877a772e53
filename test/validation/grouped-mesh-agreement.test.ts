// The layer check's Linkerd half compares the identity lists of both sides whole (a caller group's chunk,
// what one set of authentications admits), and a port identity by identity only when they do not match.
// It must report exactly what an identity-by-identity comparison reports (same problems, same order),
// with the admitted identities worked out from Linkerd's rules from scratch, on generated platforms
// after generated patches of their Servers, AuthorizationPolicies and authentications.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BlueprintModel } from '../../lib/model';
import type { AdmittedCallers, MeshIdentityModel } from '../../lib/model/mesh-model';
import { evaluatedPods } from '../../lib/validation/evaluated-pods';
import { meshAgreementProblems } from '../../lib/validation/mesh-agreement';
import { MeshEvaluation } from '../../lib/validation/mesh-evaluation';
import { validBlueprint } from '../property/blueprint-arbitrary';
import { seed } from '../property/settings';
import { synthModelAndManifests } from '../support/synth';

type Identity = { readonly namespace: string; readonly serviceAccountName: string; readonly name: string };
const key = (i: { namespace: string; serviceAccountName: string }) => `${i.namespace}/${i.serviceAccountName}`;
const OPEN = ['all-authenticated', 'all-unauthenticated', 'cluster-authenticated', 'cluster-unauthenticated'];

/** Whether one authentication ref of a policy in `ns` admits `i`, by Linkerd's rules. */
function authenticates(manifests: readonly any[], ref: any, ns: string, i: Identity): boolean {
  const refNs = ref.namespace ?? ns;
  if (ref.kind === 'ServiceAccount') return ref.name === i.serviceAccountName && refNs === i.namespace;
  if (ref.kind !== 'MeshTLSAuthentication') return false;
  const authn = manifests.find((m) => m.kind === 'MeshTLSAuthentication' && m.metadata.namespace === refNs && m.metadata.name === ref.name);
  if (!authn) return false;
  const byRef = (authn.spec.identityRefs ?? []).some((r: any) => (r.kind === 'ServiceAccount' && (r.name === undefined ? (r.namespace ?? refNs) === i.namespace : r.name === i.serviceAccountName && (r.namespace ?? refNs) === i.namespace))
    || (r.kind === 'Namespace' && r.name === i.namespace));
  const full = `${i.serviceAccountName}.${i.namespace}.serviceaccount.identity.linkerd.cluster.local`;
  const byString = (authn.spec.identities ?? []).some((s: string) => s === '*' || s.startsWith(`${i.serviceAccountName}.${i.namespace}.serviceaccount.identity.`) || (s.startsWith('*.') && full.endsWith(s.slice(1))));
  return byRef || byString;
}

/** The oracle: per port, every declared and every admitted identity on its own. */
function identityByIdentity(model: BlueprintModel, manifests: readonly any[]): string[] {
  const canonical = new Map<string, Identity>();
  const of = (i: Identity) => canonical.get(key(i)) ?? (canonical.set(key(i), i), i);
  const each = (callers: AdmittedCallers, f: (i: MeshIdentityModel) => void) => {
    callers.identities.forEach(f);
    callers.groups.forEach((g) => g.chunks.forEach((c) => c.identities.forEach(f)));
  };
  model.services.filter((s) => s.meshed).forEach((s) => of(s));
  model.mesh.services.forEach((m) => m.ports.forEach((p) => { each(p.callers, of); p.routes.forEach((r) => each(r.callers, of)); }));
  const everyone = [...canonical.values()];
  const mesh = new MeshEvaluation(manifests, everyone.map((i) => ({ namespace: i.namespace, serviceAccount: i.serviceAccountName })));
  const pods = evaluatedPods(model);
  const problems: string[] = [];
  for (const meshService of model.mesh.services) {
    const pod = pods.get(meshService.service)!;
    for (const port of meshService.ports) {
      const where = `port ${port.port.name} (${port.port.protocol} ${port.port.targetPort}) of "${meshService.service.name}"`;
      const servers = mesh.serversFor(pod.namespace, pod.labels, port.port.name, port.port.targetPort);
      if (servers.length !== 1) {
        problems.push(servers.length === 0
          ? `[ZT-LAYER-006] no Linkerd Server selects ${where}: the blueprint's Server "${port.name}" is missing or patched`
          : `[ZT-LAYER-007] Servers ${servers.map((s) => `"${s.metadata.name}"`).join(', ')} all select ${where}: Linkerd rejects overlapping Servers; remove the extra one`);
        continue;
      }
      const server = servers[0];
      const ns = server.metadata.namespace;
      const routes = manifests.filter((m) => m.kind === 'HTTPRoute' && (m.spec.parentRefs ?? []).some((p: any) => p.kind === 'Server' && (p.namespace ?? m.metadata.namespace) === ns && p.name === server.metadata.name));
      const targets = (p: any) => p.metadata.namespace === ns && (
        (p.spec.targetRef.kind === 'Server' && p.spec.targetRef.name === server.metadata.name)
        || (p.spec.targetRef.kind === 'HTTPRoute' && routes.some((r) => r.metadata.name === p.spec.targetRef.name))
        || (p.spec.targetRef.kind === 'Namespace' && (p.spec.targetRef.name ?? ns) === ns));
      const policies = manifests.filter((m) => m.kind === 'AuthorizationPolicy' && targets(m));
      const scratch = new Set<Identity>(OPEN.includes(server.spec.accessPolicy) ? everyone : []);
      for (const policy of policies) {
        const refs: any[] = policy.spec.requiredAuthenticationRefs ?? [];
        if (refs.length > 0) everyone.filter((i) => refs.every((r) => authenticates(manifests, r, ns, i))).forEach((i) => scratch.add(i));
      }
      // The evaluation admits the same identities; its order is the one the messages follow.
      const admitted = new Set(mesh.admitted(server).map((i) => canonical.get(`${i.namespace}/${i.serviceAccount}`)!));
      expect(new Set([...admitted].map(key))).toEqual(new Set([...scratch].map(key)));
      const declared = new Set<Identity>();
      each(port.callers, (i) => declared.add(of(i)));
      port.routes.forEach((r) => each(r.callers, (i) => declared.add(of(i))));
      declared.forEach((c) => { if (!admitted.has(c)) problems.push(`[ZT-LAYER-004] Linkerd refuses "${c.name}" on ${where}, which the blueprint declares (and the NetworkPolicies allow): a patched or removed AuthorizationPolicy or authentication`); });
      admitted.forEach((c) => { if (!declared.has(c)) problems.push(`[ZT-LAYER-005] Linkerd admits "${c.name}" on ${where}, which no flow declares: a patched or added AuthorizationPolicy or authentication`); });
    }
  }
  return problems;
}

const change = fc.record({
  pick: fc.nat(),
  other: fc.nat(),
  op: fc.constantFrom('drop-identity-ref', 'add-identity-ref', 'namespace-ref', 'account-ref-without-name', 'identity-string', 'other-ref-kind', 'drop-policy', 'second-ref', 'retarget-policy', 'open-server', 'drop-server', 'copy-server', 'drop-authentication'),
});
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

function apply(manifests: any[], model: BlueprintModel, c: Change): void {
  const of = (kind: string) => manifests.filter((m) => m.kind === kind);
  const at = <T>(list: T[], n: number): T | undefined => list[n % Math.max(1, list.length)];
  const authn = at(of('MeshTLSAuthentication'), c.pick);
  const policy = at(of('AuthorizationPolicy'), c.pick);
  const server = at(of('Server'), c.pick);
  const account = at(model.services.filter((s) => s.meshed), c.other);
  switch (c.op) {
    case 'drop-identity-ref': authn?.spec.identityRefs?.splice(c.other % Math.max(1, authn.spec.identityRefs.length), 1); break;
    case 'add-identity-ref': if (authn && account) (authn.spec.identityRefs ??= []).push({ kind: 'ServiceAccount', name: account.serviceAccountName, namespace: account.namespace }); break;
    case 'namespace-ref': if (authn && account) (authn.spec.identityRefs ??= []).push({ kind: 'Namespace', name: account.namespace }); break;
    case 'account-ref-without-name': if (authn && account) (authn.spec.identityRefs ??= []).push({ kind: 'ServiceAccount', namespace: account.namespace }); break;
    case 'identity-string': if (authn && account) authn.spec.identities = [c.other % 2 === 0 ? '*' : `${account.serviceAccountName}.${account.namespace}.serviceaccount.identity.linkerd.cluster.local`]; break;
    case 'other-ref-kind': if (authn) (authn.spec.identityRefs ??= []).push({ kind: 'Pod', name: 'x' }); break;
    case 'drop-policy': if (policy) manifests.splice(manifests.indexOf(policy), 1); break;
    case 'second-ref': { const other = at(of('MeshTLSAuthentication'), c.other); if (policy && other) policy.spec.requiredAuthenticationRefs.push({ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: other.metadata.name, namespace: other.metadata.namespace }); break; }
    case 'retarget-policy': { const other = at(of('Server').filter((s) => s.metadata.namespace === policy?.metadata.namespace), c.other); if (policy && other) policy.spec.targetRef = { group: 'policy.linkerd.io', kind: 'Server', name: other.metadata.name }; break; }
    case 'open-server': if (server) server.spec.accessPolicy = 'all-authenticated'; break;
    case 'drop-server': if (server) manifests.splice(manifests.indexOf(server), 1); break;
    case 'copy-server': if (server) manifests.push({ ...structuredClone(server), metadata: { ...server.metadata, name: `${server.metadata.name}-copy` } }); break;
    case 'drop-authentication': if (authn) manifests.splice(manifests.indexOf(authn), 1); break;
  }
}


const SEED = seed();

describe(`the layer check's grouped Linkerd comparison against an identity-by-identity oracle (seed ${SEED})`, () => {
  const cases = fc.sample(fc.tuple(validBlueprint.filter((b) => b.services.length > 2), fc.array(change, { minLength: 1, maxLength: 5 })), { seed: SEED, numRuns: 60 });
  let reported = 0;

  it.each(cases.map((c, i) => [i, c] as const))('reports the same problems in the same order (case %i)', (_, [props, changes]) => {
    const { model, manifests } = synthModelAndManifests(props);
    expect(identityByIdentity(model, manifests)).toEqual([]);
    // Fresh objects, as every synthesis renders them (the evaluations keep sets per selector object).
    const patched = structuredClone(manifests);
    changes.forEach((c) => apply(patched, model, c));
    const expected = identityByIdentity(model, patched);
    reported += expected.length > 0 ? 1 : 0;
    expect(meshAgreementProblems(model, patched, evaluatedPods(model))).toEqual(expected);
  });

  it('saw problems in many cases (the patches are not all no-ops)', () => {
    expect(reported).toBeGreaterThan(cases.length / 3);
  });
});
