import type { BlueprintModel, ServiceModel } from '../model';
import type { AdmittedCallers, MeshIdentityModel } from '../model/mesh-model';
import { MeshEvaluation } from './mesh-evaluation';
import type { EvaluatedPod } from './network-evaluation';

/**
 * The Linkerd half of the layer check: every port of a meshed service is selected by exactly one Server,
 * whose policies admit exactly the identities the mesh model declares for it (route callers included).
 */
export function meshAgreementProblems(model: BlueprintModel, manifests: readonly any[], pods: ReadonlyMap<ServiceModel, EvaluatedPod>): string[] {
  const identities = new CanonicalIdentities();
  // The meshed services, and every identity the mesh model admits (outside workloads too), in this order.
  model.services.filter((s) => s.meshed).forEach((s) => identities.of(s));
  for (const m of model.mesh.services) {
    for (const p of m.ports) {
      eachAdmitted(p.callers, (i) => identities.of(i));
      p.routes.forEach((r) => eachAdmitted(r.callers, (i) => identities.of(i)));
    }
  }
  const mesh = new MeshEvaluation(manifests, identities.evaluated);
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
      const admitted = new Set(mesh.admitted(servers[0]).map((i) => identities.modelOf(i)));
      const declared = new Set<Identity>();
      eachAdmitted(port.callers, (i) => declared.add(identities.of(i)));
      port.routes.forEach((r) => eachAdmitted(r.callers, (i) => declared.add(identities.of(i))));
      declared.forEach((c) => { if (!admitted.has(c)) problems.push(`[ZT-LAYER-004] Linkerd refuses "${c.name}" on ${where}, which the blueprint declares (and the NetworkPolicies allow): a patched or removed AuthorizationPolicy or authentication`); });
      admitted.forEach((c) => { if (!declared.has(c)) problems.push(`[ZT-LAYER-005] Linkerd admits "${c.name}" on ${where}, which no flow declares: a patched or added AuthorizationPolicy or authentication`); });
    }
  }
  return problems;
}

/** `admittedIdentities(callers)` (lib/model/caller-groups) in its order, without building the list. */
function eachAdmitted(callers: AdmittedCallers, f: (i: MeshIdentityModel) => void): void {
  callers.identities.forEach(f);
  callers.groups.forEach((g) => g.chunks.forEach((c) => c.identities.forEach(f)));
}

type Identity = MeshIdentityModel & { readonly name: string };

/**
 * One model object per mesh identity (namespace and ServiceAccount): services sharing an account, and
 * the same outside workload reached through several caller lists, are one identity. The key string is
 * built once per model object, not per lookup (a caller group lists a whole zone for each Server).
 */
class CanonicalIdentities {
  /** The identities in first-seen order, as the mesh evaluation takes them. */
  public readonly evaluated: { namespace: string; serviceAccount: string }[] = [];
  private readonly byKey = new Map<string, Identity>();
  private readonly byObject = new Map<object, Identity>();
  private readonly byEvaluated = new Map<object, Identity>();

  public of(i: Identity): Identity {
    let canonical = this.byObject.get(i);
    if (canonical === undefined) {
      const key = `${i.namespace}/${i.serviceAccountName}`;
      canonical = this.byKey.get(key);
      if (canonical === undefined) {
        canonical = i;
        this.byKey.set(key, i);
        const evaluated = { namespace: i.namespace, serviceAccount: i.serviceAccountName };
        this.evaluated.push(evaluated);
        this.byEvaluated.set(evaluated, i);
      }
      this.byObject.set(i, canonical);
    }
    return canonical;
  }

  /** The model identity of one the mesh evaluation returns. */
  public modelOf(evaluated: object): Identity {
    return this.byEvaluated.get(evaluated)!;
  }
}
