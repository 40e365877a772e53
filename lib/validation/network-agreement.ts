import { PortSet } from '../analysis/port-set';
import { LINKERD_PORTS } from '../model';
import type { BlueprintModel, ServiceModel } from '../model';
import { DeclaredConnections, DeclaredGroupCall } from './declared-connections';
import { EvaluatedPod, EvaluatedPolicy, EvaluatedRule, NetworkEvaluation } from './network-evaluation';
import { PodClass, PodClasses } from './pod-classes';

/**
 * A selection with at most this many pods is checked pod by pod; a larger one (a zone, a role's holders,
 * the subjects of a group's shared egress policy) is checked once per class of pods it holds.
 */
export const PAIRWISE_AT_MOST = 8;

/**
 * The NetworkPolicy problems of the rendered `manifests`, target by target in the services' order: the
 * target's isolation, then its connections (see `NetworkAgreement`). `pairwiseAtMost` is for tests.
 */
export function networkAgreementProblems(
  model: BlueprintModel,
  manifests: readonly any[],
  pods: ReadonlyMap<ServiceModel, EvaluatedPod>,
  pairwiseAtMost = PAIRWISE_AT_MOST,
): string[] {
  const network = new NetworkEvaluation(manifests, [...pods.values()]);
  const agreement = new NetworkAgreement(network, pods, new DeclaredConnections(model), pairwiseAtMost);
  const problems: string[] = [];
  pods.forEach((pod, target) => {
    if (!network.isolated(pod, 'Ingress')) {
      problems.push(`[ZT-LAYER-008] no NetworkPolicy isolates "${target.name}" (${target.namespace}) for ingress: every pod may reach it; restore the zone's default-deny policy`);
    } else if (agreement.agrees(target)) {
      return; // the common case: every connection into it is exactly as declared
    }
    problems.push(...agreement.problems(target));
  });
  return problems;
}

/**
 * The NetworkPolicy half of the layer check, for one target at a time: every declared caller may open
 * exactly its declared ports (plus the proxy's inbound port between meshed pods), and no other pod that
 * the target's ingress admits may open any.
 *
 * The callers that a large selection or a caller group brings are not checked one by one: they are
 * checked per class of pods that every large selection treats alike (lib/validation/pod-classes.ts),
 * since every such pod gets the same ports from the same rules. The pods that a small selection, a
 * single declared caller or a small egress policy brings are checked one by one. A target where any
 * check fails is then evaluated pair by pair, which gives the problems in their documented order.
 */
export class NetworkAgreement {
  private readonly serviceOf: ReadonlyMap<EvaluatedPod, ServiceModel>;
  private readonly classes: PodClasses;
  /** Per destination: the large-subject egress rules that select it, with their subjects' selection. */
  private readonly wideEgressTo = new Map<EvaluatedPod, { rule: EvaluatedRule; subjects: readonly EvaluatedPod[] }[]>();
  /** Per destination: the pods of small-subject egress policies whose rules select it. */
  private readonly narrowEgressFrom = new Map<EvaluatedPod, EvaluatedPod[]>();
  private readonly memberPods = new Map<readonly ServiceModel[], readonly EvaluatedPod[]>();

  constructor(
    private readonly network: NetworkEvaluation,
    private readonly pods: ReadonlyMap<ServiceModel, EvaluatedPod>,
    private readonly declared: DeclaredConnections,
    private readonly pairwiseAtMost = PAIRWISE_AT_MOST,
  ) {
    const serviceOf = new Map<EvaluatedPod, ServiceModel>();
    const selections: (readonly EvaluatedPod[])[] = [];
    const subjects = new Map<EvaluatedPolicy, EvaluatedPod[]>();
    // Indexed loops and `forEach`: most of this runs too few times to be optimized, where `for…of` allocates per step.
    pods.forEach((pod, service) => {
      serviceOf.set(pod, service);
      const ingress = network.policiesOf(pod, 'Ingress') ?? [];
      for (let i = 0; i < ingress.length; i++) {
        const rules = ingress[i].rules;
        for (let j = 0; j < rules.length; j++) if (rules[j].selected.length > pairwiseAtMost) selections.push(rules[j].selected);
      }
      const egress = network.policiesOf(pod, 'Egress') ?? [];
      for (let i = 0; i < egress.length; i++) {
        if (egress[i].rules.length > 0) push(subjects, egress[i], pod);
      }
      const groups = declared.of(service).groups;
      for (let i = 0; i < groups.length; i++) {
        if (groups[i].members.size > pairwiseAtMost) selections.push(this.groupPods(groups[i].group.members));
      }
    });
    this.serviceOf = serviceOf;
    subjects.forEach((from, { rules }) => {
      if (from.length > pairwiseAtMost) {
        selections.push(from);
        for (const rule of rules) {
          const wide = { rule, subjects: from };
          for (const to of rule.selected) push(this.wideEgressTo, to, wide);
        }
        return;
      }
      for (let i = 0; i < rules.length; i++) {
        const selected = rules[i].selected;
        for (let j = 0; j < selected.length; j++) {
          const list = this.narrowEgressFrom.get(selected[j]);
          if (list === undefined) this.narrowEgressFrom.set(selected[j], from.slice());
          else for (let k = 0; k < from.length; k++) list.push(from[k]);
        }
      }
    });
    // Pods alike for every large selection, and for what decides their verdict beyond the rules.
    this.classes = new PodClasses([...pods.values()], selections, (pod) => {
      const s = this.serviceOf.get(pod)!;
      return `${this.egressIsolated(pod)}/${s.meshed}/${s.metricsScraper}`;
    });
  }

  /** Whether every connection into `target` is as declared. Only for a target that some policy isolates for ingress. */
  public agrees(target: ServiceModel): boolean {
    const pod = this.pods.get(target)!;
    const { individual, groups } = this.declared.of(target);
    // The pods checked one by one, without repeats (a set for the membership, an array to walk).
    const seen = new Set<EvaluatedPod>([pod]);
    const one: EvaluatedPod[] = [];
    const add = (p: EvaluatedPod) => {
      if (!seen.has(p)) {
        seen.add(p);
        one.push(p);
      }
    };
    let wideIngress: EvaluatedRule[] | undefined;
    const ingress = this.network.policiesOf(pod, 'Ingress')!;
    for (let i = 0; i < ingress.length; i++) {
      const rules = ingress[i].rules;
      for (let j = 0; j < rules.length; j++) {
        const r = rules[j];
        if (r.selected.length > this.pairwiseAtMost) (wideIngress ??= []).push(r);
        else for (let k = 0; k < r.selected.length; k++) add(r.selected[k]);
      }
    }
    individual.forEach((_, c) => add(this.pods.get(c)!));
    let wideGroups: DeclaredGroupCall[] | undefined;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      if (g.members.size > this.pairwiseAtMost) (wideGroups ??= []).push(g);
      else g.members.forEach((c) => add(this.pods.get(c)!));
    }
    const narrow = this.narrowEgressFrom.get(pod);
    if (narrow !== undefined) for (let k = 0; k < narrow.length; k++) add(narrow[k]);

    if (!this.pairsAgree(target, pod, ingress, one)) return false;
    if (wideIngress === undefined && wideGroups === undefined) return true;
    // In a method of its own: few targets have large selections, and compiled into this one (which every
    // target runs) its Set and Map iteration tripled what V8's optimizing compiler spent on it.
    return this.classesAgree(target, pod, one, wideIngress ?? [], wideGroups ?? []);
  }

  /** Whether each pod checked one by one gets exactly its declared ports into `pod`. */
  private pairsAgree(target: ServiceModel, pod: EvaluatedPod, ingress: readonly EvaluatedPolicy[], one: readonly EvaluatedPod[]): boolean {
    for (let n = 0; n < one.length; n++) {
      const caller = one[n];
      let into = PortSet.EMPTY;
      for (let i = 0; i < ingress.length; i++) {
        const rules = ingress[i].rules;
        for (let j = 0; j < rules.length; j++) if (this.network.ruleSelects(rules[j], caller)) into = into.union(NetworkEvaluation.portsTo(rules[j], pod));
      }
      const allowed = this.network.egressTo(caller, pod).intersect(into);
      const service = this.serviceOf.get(caller)!;
      if (!agrees(service, target, allowed, this.declared.portsFrom(service, target))) return false;
    }
    return true;
  }

  /** Whether every other candidate caller, per class of pods, gets exactly its declared ports into `pod`. */
  private classesAgree(
    target: ServiceModel, pod: EvaluatedPod, one: EvaluatedPod[], wideIngress: readonly EvaluatedRule[], wideGroups: readonly DeclaredGroupCall[],
  ): boolean {
    // Every other candidate caller, per class: the pods of one class get the same ports from the large selections.
    const taken = new Map<number, number>();
    one.push(pod);
    for (const p of one) {
      const c = this.classes.of(p).id;
      taken.set(c, (taken.get(c) ?? 0) + 1);
    }
    const wideEgress = this.wideEgressTo.get(pod) ?? [];
    const candidates = new Set<PodClass>();
    for (const r of wideIngress) for (const c of this.classes.within(r.selected)) candidates.add(c);
    for (const g of wideGroups) for (const c of this.classes.within(this.groupPods(g.group.members))) candidates.add(c);
    for (const c of candidates) {
      if (c.size - (taken.get(c.id) ?? 0) === 0) continue;
      let into = PortSet.EMPTY;
      for (const r of wideIngress) if (c.in(r.selected)) into = into.union(NetworkEvaluation.portsTo(r, pod));
      let out = PortSet.ALL;
      if (this.egressIsolated(c.representative)) {
        out = PortSet.EMPTY;
        for (const e of wideEgress) if (c.in(e.subjects)) out = out.union(NetworkEvaluation.portsTo(e.rule, pod));
      }
      let declared = PortSet.EMPTY;
      for (const g of wideGroups) if (c.in(this.groupPods(g.group.members))) declared = declared.union(g.ports);
      if (!agrees(this.serviceOf.get(c.representative)!, target, out.intersect(into), declared)) return false;
    }
    return true;
  }

  /**
   * The problems of the connections into `target`, pair by pair: the declared callers in the order of
   * the flows, then the other pods its ingress admits, in the order of its policies.
   */
  public problems(target: ServiceModel): string[] {
    const pod = this.pods.get(target)!;
    const ingress = this.network.peers(pod, 'Ingress');
    const declaredCallers = this.declared.ordered(target);
    const callers = [...declaredCallers.keys()];
    for (const p of ingress?.keys() ?? []) {
      const caller = this.serviceOf.get(p)!;
      if (!declaredCallers.has(caller)) callers.push(caller);
    }
    const problems: string[] = [];
    for (const caller of callers) {
      if (caller === target) continue;
      const from = this.pods.get(caller)!;
      const allowed = this.network.egressTo(from, pod).intersect(ingress === undefined ? PortSet.ALL : ingress.get(from) ?? PortSet.EMPTY);
      const { missing, extra } = disagreement(caller, target, allowed, declaredCallers.get(caller) ?? PortSet.EMPTY);
      if (!missing.isEmpty) {
        problems.push(`[ZT-LAYER-001] the NetworkPolicies block "${caller.name}" -> "${target.name}" on ${missing}, which the blueprint declares: a patched or removed policy`);
      }
      if (!extra.isEmpty) {
        problems.push(`[ZT-LAYER-002] the NetworkPolicies allow "${caller.name}" -> "${target.name}" on ${extra}, which no flow declares: a patched or added policy`);
      }
    }
    return problems;
  }

  private egressIsolated(pod: EvaluatedPod): boolean {
    return this.network.policiesOf(pod, 'Egress') !== undefined;
  }

  /** A caller group's members as pods, one array per group (a selection of the classes). */
  private groupPods(members: readonly ServiceModel[]): readonly EvaluatedPod[] {
    let pods = this.memberPods.get(members);
    if (pods === undefined) {
      pods = members.map((m) => this.pods.get(m)!);
      this.memberPods.set(members, pods);
    }
    return pods;
  }
}

function agrees(caller: ServiceModel, target: ServiceModel, allowed: PortSet, declared: PortSet): boolean {
  const { missing, extra } = disagreement(caller, target, allowed, declared);
  return missing.isEmpty && extra.isEmpty;
}

/** What the policies block of the declared ports (plus plumbing), and what they open beyond them. */
function disagreement(caller: ServiceModel, target: ServiceModel, allowed: PortSet, declared: PortSet): { missing: PortSet; extra: PortSet } {
  const plumbed = declared.isEmpty ? declared : withPlumbing(caller, target, declared);
  if (allowed.equals(plumbed)) return AGREED; // the common case: exactly what is declared
  // The scraper's common case: the declared ports and the proxy's metrics port.
  if (caller.metricsScraper && target.meshed && allowed.equals(withScrape(plumbed))) return AGREED;
  return {
    missing: plumbed.minus(allowed),
    extra: allowed.minus(caller.metricsScraper && target.meshed ? plumbed.union(SCRAPE) : plumbed),
  };
}

const AGREED = { missing: PortSet.EMPTY, extra: PortSet.EMPTY };

/** The scraper's port on a meshed target's proxy (its metrics), which the NetworkPolicies open for scrapes. */
const SCRAPE = PortSet.of('TCP', LINKERD_PORTS.proxyAdmin);
const PROXY_INBOUND = PortSet.of('TCP', LINKERD_PORTS.proxyInbound);

/** Declared ports plus the proxy's inbound port between two meshed workloads, for TCP calls (Linkerd proxies TCP only). */
function withPlumbing(caller: ServiceModel, target: ServiceModel, declared: PortSet): PortSet {
  if (!caller.meshed || !target.meshed || !declared.hasProtocol('TCP')) return declared;
  let plumbed = PLUMBED.get(declared);
  if (plumbed === undefined) {
    plumbed = declared.union(PROXY_INBOUND);
    PLUMBED.set(declared, plumbed);
  }
  return plumbed;
}

/** `plumbed` and the scraper's port, built once per set. */
function withScrape(plumbed: PortSet): PortSet {
  let scraped = SCRAPED.get(plumbed);
  if (scraped === undefined) {
    scraped = plumbed.union(SCRAPE);
    SCRAPED.set(plumbed, scraped);
  }
  return scraped;
}

const SCRAPED = new WeakMap<PortSet, PortSet>();

/** Declared sets are shared by every caller of a flow: their plumbed form is built once per set. */
const PLUMBED = new WeakMap<PortSet, PortSet>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
