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
  // A caller group's chunks are shared by every port the group calls: the first visit numbers their identities.
  const seen = new Set<readonly MeshIdentityModel[]>();
  const lists: (readonly MeshIdentityModel[])[] = [];
  const services = model.mesh.services;
  // Indexed loops: most of the check runs too few times to be optimized, where `for…of` allocates per step.
  for (let s = 0; s < services.length; s++) {
    const ports = services[s].ports;
    for (let p = 0; p < ports.length; p++) {
      lists.length = 0;
      pushAdmittedLists(ports[p].callers, lists);
      const routes = ports[p].routes;
      for (let r = 0; r < routes.length; r++) pushAdmittedLists(routes[r].callers, lists);
      for (let l = 0; l < lists.length; l++) {
        const list = lists[l];
        if (seen.has(list)) continue;
        seen.add(list);
        for (let i = 0; i < list.length; i++) identities.numberOf(list[i]);
      }
    }
  }
  const mesh = new MeshEvaluation(manifests, identities.evaluated);
  const blocks = new IdentityBlocks(identities);
  const problems: string[] = [];
  for (let s = 0; s < services.length; s++) {
    const meshService = services[s];
    const pod = pods.get(meshService.service)!;
    for (let p = 0; p < meshService.ports.length; p++) {
      const port = meshService.ports[p];
      const servers = mesh.serversFor(pod.namespace, pod.labels, port.port.name, port.port.targetPort);
      if (servers.length === 1 && blocks.sameUnion(mesh.admittedBlocks(servers[0]), port)) continue; // the common case: exactly the declared identities
      const where = `port ${port.port.name} (${port.port.protocol} ${port.port.targetPort}) of "${meshService.service.name}"`;
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

/** `eachAdmittedList` into `out`. */
function pushAdmittedLists(callers: AdmittedCallers, out: (readonly MeshIdentityModel[])[]): void {
  out.push(callers.identities);
  const groups = callers.groups;
  for (let g = 0; g < groups.length; g++) {
    const chunks = groups[g].chunks;
    for (let c = 0; c < chunks.length; c++) out.push(chunks[c].identities);
  }
}

function allShort(lists: readonly (readonly object[])[]): boolean {
  for (let l = 0; l < lists.length; l++) {
    if (lists[l].length > SHORT_LIST) return false;
  }
  return true;
}

/** Sorts `numbers[0..n)` in place (insertion sort: short lists), drops repeats, and returns how many remain. */
function sortedDistinct(numbers: Int32Array, n: number): number {
  for (let k = 1; k < n; k++) {
    const v = numbers[k];
    let j = k - 1;
    while (j >= 0 && numbers[j] > v) {
      numbers[j + 1] = numbers[j];
      j--;
    }
    numbers[j + 1] = v;
  }
  let m = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || numbers[k] !== numbers[m - 1]) numbers[m++] = numbers[k];
  }
  return m;
}

function grown(numbers: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(Math.max(size, numbers.length * 2));
  bigger.set(numbers);
  return bigger;
}

/** The number of an identity the mesh evaluation returns (they are `CanonicalIdentities.evaluated`'s). */
function numberOfEvaluated(evaluated: object): number {
  return (evaluated as NumberedIdentity).number;
}

/** An identity as the mesh evaluation takes it, with its canonical number. */
interface NumberedIdentity {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly number: number;
}

/** `admittedIdentities(callers)` (lib/model/caller-groups) in its order, without building the list. */
function eachAdmitted(callers: AdmittedCallers, f: (i: MeshIdentityModel) => void): void {
  eachAdmittedList(callers, (list) => list.forEach(f));
}

/** The lists `admittedIdentities(callers)` joins, in its order: the callers' own identities, then each group's chunks. */
function eachAdmittedList(callers: AdmittedCallers, f: (list: readonly MeshIdentityModel[]) => void): void {
  f(callers.identities);
  for (const g of callers.groups) {
    for (const c of g.chunks) f(c.identities);
  }
}

type Identity = MeshIdentityModel & { readonly name: string };

/** Lists of at most this many identities are compared number by number, longer ones by key first. */
const SHORT_LIST = 8;

/**
 * A list of identities as their canonical numbers. A long list's numbers are sorted and without repeats,
 * with the number of its set among the long lists seen (`set`): equal sets share it.
 */
interface Block {
  readonly numbers: ArrayLike<number>;
  readonly set?: number;
}

/**
 * Whether the identities a Server's policies admit are exactly those the mesh model declares for a
 * port, from the lists on both sides (a caller group's chunk, what one set of authentications admits,
 * a port's own callers): each list of one side must lie within the other side's lists, which a long
 * list with an equal set there (by set number, once per list object) does at once, and any other list
 * identity by identity. A match proves equal sets; a mismatch only sends the port to the
 * identity-by-identity comparison, which decides.
 */
class IdentityBlocks {
  private readonly blocks = new WeakMap<readonly object[], Block>();
  /** The distinct sets of the long lists, by a hash of their sorted numbers. */
  private readonly sets = new Map<number, { readonly numbers: Int32Array; readonly set: number }[]>();
  private setCount = 0;

  constructor(private readonly identities: CanonicalIdentities) {}

  public sameUnion(admitted: readonly (readonly object[])[], port: MeshPortModel): boolean {
    const declared = this.declaredLists;
    declared.length = 0;
    pushAdmittedLists(port.callers, declared);
    for (let r = 0; r < port.routes.length; r++) pushAdmittedLists(port.routes[r].callers, declared);
    if (allShort(admitted) && allShort(declared)) return this.sameShortUnion(admitted, declared);
    const admittedSide: Block[] = [];
    for (let l = 0; l < admitted.length; l++) admittedSide.push(this.block(admitted[l], numberOfEvaluated));
    const declaredSide: Block[] = [];
    for (let l = 0; l < declared.length; l++) declaredSide.push(this.block(declared[l], this.numberOfModel));
    return within(admittedSide, declaredSide) && within(declaredSide, admittedSide);
  }

  /** The port's declared lists, in a buffer reused from port to port. */
  private readonly declaredLists: (readonly MeshIdentityModel[])[] = [];
  private readonly numberOfModel = (i: MeshIdentityModel) => this.identities.numberOf(i);
  private admittedNumbers: Int32Array = new Int32Array(64);
  private declaredNumbers: Int32Array = new Int32Array(64);

  /** `sameUnion` of short lists only (the common case): both sides' numbers, sorted, in reused buffers. */
  private sameShortUnion(admitted: readonly (readonly object[])[], declared: readonly (readonly MeshIdentityModel[])[]): boolean {
    let a = this.admittedNumbers;
    let na = 0;
    for (let l = 0; l < admitted.length; l++) {
      const list = admitted[l];
      if (na + list.length > a.length) a = this.admittedNumbers = grown(a, na + list.length);
      for (let i = 0; i < list.length; i++) a[na++] = numberOfEvaluated(list[i]);
    }
    let d = this.declaredNumbers;
    let nd = 0;
    for (let l = 0; l < declared.length; l++) {
      const list = declared[l];
      if (nd + list.length > d.length) d = this.declaredNumbers = grown(d, nd + list.length);
      for (let i = 0; i < list.length; i++) d[nd++] = this.identities.numberOf(list[i]);
    }
    na = sortedDistinct(a, na);
    nd = sortedDistinct(d, nd);
    if (na !== nd) return false;
    for (let k = 0; k < na; k++) {
      if (a[k] !== d[k]) return false;
    }
    return true;
  }

  private block<T extends object>(list: readonly T[], numberOf: (i: T) => number): Block {
    if (list.length <= SHORT_LIST) {
      return { numbers: list.map(numberOf) };
    }
    let block = this.blocks.get(list);
    if (block === undefined) {
      const sorted = new Int32Array(list.length);
      for (let k = 0; k < list.length; k++) sorted[k] = numberOf(list[k]);
      sorted.sort();
      let n = 0;
      for (let k = 0; k < sorted.length; k++) {
        if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[n++] = sorted[k];
      }
      const numbers = sorted.subarray(0, n);
      block = { numbers, set: this.setOf(numbers) };
      this.blocks.set(list, block);
    }
    return block;
  }

  /** The number of the set `numbers` (sorted, without repeats) holds: the same for equal sets. */
  private setOf(numbers: Int32Array): number {
    let hash = numbers.length;
    for (let k = 0; k < numbers.length; k++) hash = Math.imul(hash ^ numbers[k], 0x01000193);
    let bucket = this.sets.get(hash);
    if (bucket === undefined) {
      bucket = [];
      this.sets.set(hash, bucket);
    }
    const equal = bucket.find((b) => sameNumbers(b.numbers, numbers));
    if (equal !== undefined) return equal.set;
    const set = this.setCount++;
    bucket.push({ numbers, set });
    return set;
  }
}

function sameNumbers(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    if (a[k] !== b[k]) return false;
  }
  return true;
}

/** Whether `n` is one of a block's numbers (a long block's are sorted). */
function holds(block: Block, n: number): boolean {
  const numbers = block.numbers;
  if (block.set === undefined) {
    for (let k = 0; k < numbers.length; k++) {
      if (numbers[k] === n) return true;
    }
    return false;
  }
  let lo = 0;
  let hi = numbers.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = numbers[mid];
    if (v === n) return true;
    if (v < n) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Whether every identity of `blocks` is in one of `others`. */
function within(blocks: readonly Block[], others: readonly Block[]): boolean {
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    if (block.set !== undefined && hasSet(others, block.set)) continue;
    const numbers = block.numbers;
    for (let k = 0; k < numbers.length; k++) {
      if (!heldByAny(others, numbers[k])) return false;
    }
  }
  return true;
}

function hasSet(blocks: readonly Block[], set: number): boolean {
  for (let o = 0; o < blocks.length; o++) {
    if (blocks[o].set === set) return true;
  }
  return false;
}

function heldByAny(blocks: readonly Block[], n: number): boolean {
  for (let o = 0; o < blocks.length; o++) {
    if (holds(blocks[o], n)) return true;
  }
  return false;
}

/**
 * One model object per mesh identity (namespace and ServiceAccount): services sharing an account, and
 * the same outside workload reached through several caller lists, are one identity. The key string is
 * built once per model object, not per lookup (a caller group lists a whole zone for each Server).
 */
class CanonicalIdentities {
  /** The identities in first-seen order, as the mesh evaluation takes them. */
  public readonly evaluated: NumberedIdentity[] = [];
  /** The canonical model identities, by number (their place in `evaluated`). */
  private readonly canonical: Identity[] = [];
  private readonly byKey = new Map<string, number>();
  /** Every model object seen, with its canonical identity's number: one lookup per identity asked about. */
  private readonly byObject = new Map<object, number>();

  public of(i: Identity): Identity {
    return this.canonical[this.numberOf(i)];
  }

  /** The canonical identity's number (its place in `evaluated`). */
  public numberOf(i: MeshIdentityModel): number {
    let n = this.byObject.get(i);
    if (n === undefined) {
      const key = `${i.namespace}/${i.serviceAccountName}`;
      n = this.byKey.get(key);
      if (n === undefined) {
        n = this.evaluated.length;
        this.byKey.set(key, n);
        this.evaluated.push({ namespace: i.namespace, serviceAccount: i.serviceAccountName, number: n });
        this.canonical.push(i as Identity);
      }
      this.byObject.set(i, n);
    }
    return n;
  }

  /** The model identity of one the mesh evaluation returns. */
  public modelOf(evaluated: object): Identity {
    return this.canonical[numberOfEvaluated(evaluated)];
  }
}
