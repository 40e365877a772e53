import type { BlueprintModel, ServiceModel } from '../model';
import type { AdmittedCallers, MeshIdentityModel, MeshPortModel } from '../model/mesh-model';
import { MeshEvaluation } from './mesh-evaluation';
import type { EvaluatedPod } from './network-evaluation';

/**
 * The Linkerd half of the layer check: every port of a meshed service is selected by exactly one Server,
 * whose policies admit exactly the identities the mesh model declares for it (route callers included).
 * The identities are compared as the lists they come in (a caller group's chunk, what one set of
 * authentications admits), not one by one; a port where the lists do not match is compared identity by
 * identity, which gives the problems in their documented order.
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
  const blocks = new IdentityBlocks(identities);
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
      if (blocks.sameUnion(mesh.admittedBlocks(servers[0]), port)) continue; // the common case: exactly the declared identities
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

/** Lists of at most this many identities are compared number by number, longer ones by key first. */
const SHORT_LIST = 8;

/** A list of identities as their canonical numbers; a long list also as a set, with a key that equal sets share. */
interface Block {
  readonly numbers: readonly number[];
  readonly key?: string;
  has(n: number): boolean;
}

/**
 * Whether the identities a Server's policies admit are exactly those the mesh model declares for a
 * port, from the lists on both sides (a caller group's chunk, what one set of authentications admits,
 * a port's own callers): each list of one side must lie within the other side's lists, which a long
 * list with an equal list there (by key, once per list object) does at once, and any other list identity
 * by identity. A match proves equal sets; a mismatch only sends the port to the identity-by-identity
 * comparison, which decides.
 */
class IdentityBlocks {
  private readonly blocks = new WeakMap<readonly object[], Block>();

  constructor(private readonly identities: CanonicalIdentities) {}

  public sameUnion(admitted: readonly (readonly object[])[], port: MeshPortModel): boolean {
    const admittedSide = admitted.map((list) => this.block(list, (i) => this.identities.numberOfEvaluated(i)));
    const declared: (readonly MeshIdentityModel[])[] = [];
    const addCallers = (callers: AdmittedCallers) => {
      declared.push(callers.identities);
      callers.groups.forEach((g) => g.chunks.forEach((c) => declared.push(c.identities)));
    };
    addCallers(port.callers);
    port.routes.forEach((r) => addCallers(r.callers));
    const declaredSide = declared.map((list) => this.block(list, (i) => this.identities.numberOf(i)));
    return within(admittedSide, declaredSide) && within(declaredSide, admittedSide);
  }

  private block<T extends object>(list: readonly T[], numberOf: (i: T) => number): Block {
    if (list.length <= SHORT_LIST) {
      const numbers = list.map(numberOf);
      return { numbers, has: (n) => numbers.includes(n) };
    }
    let block = this.blocks.get(list);
    if (block === undefined) {
      const members = new Set(list.map(numberOf));
      const numbers = [...members].sort((a, b) => a - b);
      block = { numbers, key: numbers.join(','), has: (n) => members.has(n) };
      this.blocks.set(list, block);
    }
    return block;
  }
}

/** Whether every identity of `blocks` is in one of `others`. */
function within(blocks: readonly Block[], others: readonly Block[]): boolean {
  return blocks.every((b) => (b.key !== undefined && others.some((o) => o.key === b.key)) || b.numbers.every((n) => others.some((o) => o.has(n))));
}

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
  private readonly numbers = new Map<Identity, number>();
  private readonly evaluatedNumbers = new Map<object, number>();

  public of(i: Identity): Identity {
    let canonical = this.byObject.get(i);
    if (canonical === undefined) {
      const key = `${i.namespace}/${i.serviceAccountName}`;
      canonical = this.byKey.get(key);
      if (canonical === undefined) {
        canonical = i;
        this.byKey.set(key, i);
        const evaluated = { namespace: i.namespace, serviceAccount: i.serviceAccountName };
        this.numbers.set(i, this.evaluated.length);
        this.evaluatedNumbers.set(evaluated, this.evaluated.length);
        this.evaluated.push(evaluated);
        this.byEvaluated.set(evaluated, i);
      }
      this.byObject.set(i, canonical);
    }
    return canonical;
  }

  /** The canonical identity's number (its place in `evaluated`). */
  public numberOf(i: MeshIdentityModel): number {
    return this.numbers.get(this.of(i as Identity))!;
  }

  /** The number of an identity the mesh evaluation returns. */
  public numberOfEvaluated(evaluated: object): number {
    return this.evaluatedNumbers.get(evaluated)!;
  }

  /** The model identity of one the mesh evaluation returns. */
  public modelOf(evaluated: object): Identity {
    return this.byEvaluated.get(evaluated)!;
  }
}
