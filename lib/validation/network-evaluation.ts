import { namespaceViews, selects } from '../analysis/cluster-view';
import { policyTypes, rulePorts } from '../analysis/policy-rules';
import { PortSet } from '../analysis/port-set';
import { TwoKeyIndex } from './two-key-index';

/** A pod as the policies see it: where it runs, its labels and its named container ports. */
export interface EvaluatedPod {
  readonly id: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly namedPorts: ReadonlyMap<string, { protocol: string; port: number }>;
}

/** The pods a rule's peers select, and the ports it opens when they do not depend on the destination. */
export interface EvaluatedRule {
  /** The rendered rule (its `ports` resolve named ports on each destination). */
  readonly rule: any;
  /** The direction and the policy's namespace it was evaluated for. */
  readonly type: 'Ingress' | 'Egress';
  readonly namespace: string;
  readonly selected: readonly EvaluatedPod[];
  /** Undefined when the rule names ports, which resolve on each destination pod. */
  readonly ports: PortSet | undefined;
}

/** A rendered policy with its rules for one direction, evaluated once. */
export interface EvaluatedPolicy {
  readonly policy: any;
  readonly rules: readonly EvaluatedRule[];
}

/**
 * Kubernetes NetworkPolicy semantics over rendered policies, for a known set of pods, without
 * comparing every pod with every other: policies and pods are indexed by namespace and by label, so
 * the work grows with the connections the policies allow, not with the square of the pods.
 */
export class NetworkEvaluation {
  /** Policies by namespace and the first label of their pod selector, or by namespace alone when it has none. */
  private policiesByLabel: Map<string, any[]> | undefined;
  private readonly podsByNs = new Map<string, EvaluatedPod[]>();
  /** Pods by namespace, then label key and value. */
  private readonly podsByLabel = new Map<string, TwoKeyIndex<EvaluatedPod>>();
  /** Pods by namespace and label key (any value), for `Exists` selectors. */
  private readonly podsByKey = new TwoKeyIndex<EvaluatedPod>();
  private readonly namespaces: Map<string, { labels: Record<string, string> }>;
  /** Each rendered rule, evaluated once (rules are the manifests' own objects, one per policy rule). */
  private readonly rules = new Map<object, EvaluatedRule>();
  /** Peer selections by the policy's namespace, then by the peer's JSON. */
  private readonly peerSelections = new Map<string, Map<string, readonly EvaluatedPod[]>>();
  private readonly policyList: readonly any[];
  private subjectsIndexed = false;
  private readonly ingressByPod = new Map<EvaluatedPod, readonly EvaluatedPolicy[]>();
  private readonly egressByPod = new Map<EvaluatedPod, readonly EvaluatedPolicy[]>();
  private readonly portSets = new Map<string, PortSet>();
  private readonly ingressPolicies = new Map<object, EvaluatedPolicy>();
  private readonly egressPolicies = new Map<object, EvaluatedPolicy>();
  private readonly selectedSets = new WeakMap<readonly EvaluatedPod[], ReadonlySet<EvaluatedPod>>();
  private readonly peerUnions = new Map<string, readonly EvaluatedPod[]>();
  /** Namespaces by the one label of a namespace selector, its key then its value. */
  private readonly namespacesByLabel = new Map<string, Map<unknown, readonly string[]>>();

  constructor(manifests: readonly any[], private readonly pods: readonly EvaluatedPod[]) {
    this.policyList = manifests.filter((m) => m?.kind === 'NetworkPolicy' && m.apiVersion === 'networking.k8s.io/v1');
    for (let n = 0; n < pods.length; n++) {
      const pod = pods[n];
      push(this.podsByNs, pod.namespace, pod);
      let byLabel = this.podsByLabel.get(pod.namespace);
      if (byLabel === undefined) {
        byLabel = new TwoKeyIndex();
        this.podsByLabel.set(pod.namespace, byLabel);
      }
      const labels = pod.labels;
      for (const k of Object.keys(labels)) {
        byLabel.push(k, labels[k], pod);
        this.podsByKey.push(pod.namespace, k, pod);
      }
    }
    this.namespaces = namespaceViews(manifests, [], pods.map((p) => p.namespace));
  }

  /** Whether any policy isolates `pod` for `type` (a pod no policy selects accepts everything). */
  public isolated(pod: EvaluatedPod, type: 'Ingress' | 'Egress'): boolean {
    return this.policiesOf(pod, type) !== undefined;
  }

  /**
   * The pods `pod` may connect to (Egress) or be reached from (Ingress), with the ports its own policies
   * allow in that direction. Undefined when the pod is not isolated in that direction.
   */
  public peers(pod: EvaluatedPod, type: 'Ingress' | 'Egress'): Map<EvaluatedPod, PortSet> | undefined {
    const policies = this.isolating(pod, type);
    if (policies.length === 0) {
      return undefined;
    }
    const result = new Map<EvaluatedPod, PortSet>();
    for (const policy of policies) {
      const ns = policy.metadata?.namespace ?? 'default';
      for (const rule of (type === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? []) {
        const { selected, ports } = this.evaluatedRule(rule, type, ns);
        // Named ports resolve on the destination pod: the target itself for ingress, each peer for egress.
        const fixed = ports ?? (type === 'Ingress' ? rulePorts(rule.ports, pod.namedPorts) : undefined);
        for (const other of selected) {
          if (other === pod) continue;
          const open = fixed ?? rulePorts(rule.ports, other.namedPorts);
          const prev = result.get(other);
          result.set(other, prev === undefined ? open : prev.union(open));
        }
      }
    }
    return result;
  }

  /**
   * The policies that isolate `pod` for `type`, each with its rules evaluated once (shared by every pod
   * the policy selects); undefined when no policy isolates it in that direction. Kept per pod and direction.
   */
  public policiesOf(pod: EvaluatedPod, type: 'Ingress' | 'Egress'): readonly EvaluatedPolicy[] | undefined {
    if (!this.subjectsIndexed) this.indexSubjects();
    return (type === 'Ingress' ? this.ingressByPod : this.egressByPod).get(pod);
  }

  /** Each policy's subjects from the pod indexes, once: cheaper than looking up every pod's policies by its labels. */
  private indexSubjects(): void {
    this.subjectsIndexed = true;
    for (let n = 0; n < this.policyList.length; n++) {
      const policy = this.policyList[n];
      const selector = policy.spec?.podSelector ?? {};
      const subjects = this.candidates(policy.metadata?.namespace ?? 'default', selector).filter((p) => selects(selector, p.labels));
      if (subjects.length === 0) continue;
      const types = policyTypes(policy);
      for (let i = 0; i < types.length; i++) {
        const type = types[i];
        if (type !== 'Ingress' && type !== 'Egress') continue;
        const evaluated = this.evaluatedPolicy(policy, type);
        const byPod = type === 'Ingress' ? this.ingressByPod : this.egressByPod;
        for (let k = 0; k < subjects.length; k++) {
          const pod = subjects[k];
          const list = byPod.get(pod) as EvaluatedPolicy[] | undefined;
          if (list === undefined) byPod.set(pod, [evaluated]);
          else if (list[list.length - 1] !== evaluated) list.push(evaluated); // `policyTypes` may repeat a type
        }
      }
    }
  }

  private evaluatedPolicy(policy: any, type: 'Ingress' | 'Egress'): EvaluatedPolicy {
    const cache = type === 'Ingress' ? this.ingressPolicies : this.egressPolicies;
    let evaluated = cache.get(policy);
    if (evaluated === undefined) {
      const ns = policy.metadata?.namespace ?? 'default';
      const rules: any[] = (type === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? [];
      evaluated = { policy, rules: rules.map((rule) => this.evaluatedRule(rule, type, ns)) };
      cache.set(policy, evaluated);
    }
    return evaluated;
  }

  /** The ports `rule` opens on the destination pod `to` (named ports resolve there). */
  public static portsTo(rule: EvaluatedRule, to: EvaluatedPod): PortSet {
    return rule.ports ?? rulePorts(rule.rule.ports, to.namedPorts);
  }

  /** The pods a rule selects, as a set (built once per selection: rules with the same peer share it). */
  public selectedSet(rule: EvaluatedRule): ReadonlySet<EvaluatedPod> {
    let set = this.selectedSets.get(rule.selected);
    if (set === undefined) {
      set = new Set(rule.selected);
      this.selectedSets.set(rule.selected, set);
    }
    return set;
  }

  /** Whether `rule` selects `pod`: a small selection is scanned, a larger one asked as a set. */
  public ruleSelects(rule: EvaluatedRule, pod: EvaluatedPod): boolean {
    const selected = rule.selected;
    if (selected.length <= SCANNED_AT_MOST) {
      for (let k = 0; k < selected.length; k++) {
        if (selected[k] === pod) return true;
      }
      return false;
    }
    return this.selectedSet(rule).has(pod);
  }

  /**
   * The ports `src` may open on `dst` as far as `src`'s egress rules go (all when it is not isolated for
   * egress): what `peers(src, 'Egress').get(dst)` gives, without evaluating every destination of `src`.
   */
  public egressTo(src: EvaluatedPod, dst: EvaluatedPod): PortSet {
    const policies = this.policiesOf(src, 'Egress');
    if (policies === undefined) return PortSet.ALL;
    let open = PortSet.EMPTY;
    for (let i = 0; i < policies.length; i++) {
      const rules = policies[i].rules;
      for (let j = 0; j < rules.length; j++) {
        if (this.ruleSelects(rules[j], dst)) open = open.union(NetworkEvaluation.portsTo(rules[j], dst));
      }
    }
    return open;
  }

  /**
   * What a rule's peers select and, unless it names ports, the ports it opens: once per rule, however
   * many pods its policy selects (a zone's shared policies select every pod of the zone).
   */
  private evaluatedRule(rule: any, type: 'Ingress' | 'Egress', policyNs: string): EvaluatedRule {
    let evaluated = this.rules.get(rule);
    // A rule object shared by two policies (YAML aliases) is evaluated per direction and namespace.
    if (evaluated === undefined || evaluated.type !== type || evaluated.namespace !== policyNs) {
      const peers: any[] | undefined = type === 'Ingress' ? rule.from : rule.to;
      const selected = !peers || peers.length === 0 ? this.pods : this.selectedByAll(peers, policyNs);
      evaluated = { rule, type, namespace: policyNs, selected, ports: namesPorts(rule.ports) ? undefined : this.fixedPorts(rule.ports) };
      this.rules.set(rule, evaluated);
    }
    return evaluated;
  }

  /** The ports `src` may open on `dst`: its egress and the destination's ingress must both allow them. */
  public allowed(src: EvaluatedPod, dst: EvaluatedPod, egress: Map<EvaluatedPod, PortSet> | undefined, ingress: Map<EvaluatedPod, PortSet> | undefined): PortSet {
    const out = egress === undefined ? PortSet.ALL : egress.get(dst) ?? PortSet.EMPTY;
    const into = ingress === undefined ? PortSet.ALL : ingress.get(src) ?? PortSet.EMPTY;
    return out.intersect(into);
  }

  private isolating(pod: EvaluatedPod, type: 'Ingress' | 'Egress'): any[] {
    const byLabel = this.policiesByLabel ??= this.indexPoliciesByLabel();
    const candidates = [pod.namespace, ...Object.entries(pod.labels).map(([k, v]) => labelKey(pod.namespace, k, v))]
      .flatMap((key) => byLabel.get(key) ?? []);
    return [...new Set(candidates)].filter((p) => policyTypes(p).includes(type) && selects(p.spec?.podSelector ?? {}, pod.labels));
  }

  /** Policies by namespace and the first label of their pod selector, or by namespace alone when it has none. */
  private indexPoliciesByLabel(): Map<string, any[]> {
    const byLabel = new Map<string, any[]>();
    for (const p of this.policyList) {
      const [first] = Object.entries(p.spec?.podSelector?.matchLabels ?? {});
      push(byLabel, first ? labelKey(p.metadata?.namespace ?? 'default', first[0], String(first[1])) : p.metadata?.namespace ?? 'default', p);
    }
    return byLabel;
  }

  /** `rulePorts` of ports that name no port, kept per distinct list (a few recur in every policy). */
  private fixedPorts(ports: any[] | undefined): PortSet {
    if (!Array.isArray(ports)) return rulePorts(ports, undefined);
    let key = '';
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i];
      if (!((p.protocol === undefined || typeof p.protocol === 'string') && (p.port === undefined || typeof p.port === 'number') && (p.endPort === undefined || typeof p.endPort === 'number'))) {
        return rulePorts(ports, undefined);
      }
      key += `${p.protocol}/${p.port}/${p.endPort},`;
    }
    let set = this.portSets.get(key);
    if (set === undefined) {
      set = rulePorts(ports, undefined);
      this.portSets.set(key, set);
    }
    return set;
  }

  /**
   * Pods any of `peers` selects. One peer's selection is its cached one, so that the rules of many
   * policies with the same peer (a zone, a role's holders) share one selection, as object and as set.
   */
  private selectedByAll(peers: readonly any[], policyNs: string): readonly EvaluatedPod[] {
    if (peers.length === 1) {
      return this.selectedBy(peers[0], policyNs);
    }
    const key = `${policyNs}\u0000${JSON.stringify(peers)}`;
    let selected = this.peerUnions.get(key);
    if (selected === undefined) {
      selected = [...new Set(peers.flatMap((peer) => this.selectedBy(peer, policyNs)))];
      this.peerUnions.set(key, selected);
    }
    return selected;
  }

  /**
   * Pods a peer selects: by namespace (its selector, or the policy's own), then by the most selective
   * indexed requirement. Once per distinct peer: the same peer (the gateway, the scraper, a zone) recurs
   * in the policies of every service it may call or be called by.
   */
  private selectedBy(peer: any, policyNs: string): readonly EvaluatedPod[] {
    if (peer.ipBlock) {
      return [];
    }
    // A peer of one namespace whose index entry holds a few pods is selected directly: only the larger
    // selections must be one object for every rule with the same peer (the pod classes and the
    // selection sets tell selections apart by identity), and a key per peer would cost more.
    const namespaces = peer.namespaceSelector ? this.namespacesSelectedBy(peer.namespaceSelector) : undefined;
    if (namespaces === undefined || namespaces.length === 1) {
      const podSelector = peer.podSelector ?? {};
      const candidates = this.candidates(namespaces === undefined ? policyNs : namespaces[0], podSelector);
      if (candidates.length <= SCANNED_AT_MOST) return candidates.filter((p) => selects(podSelector, p.labels));
    }
    let inNamespace = this.peerSelections.get(policyNs);
    if (inNamespace === undefined) {
      inNamespace = new Map();
      this.peerSelections.set(policyNs, inNamespace);
    }
    const key = JSON.stringify(peer);
    let selected = inNamespace.get(key);
    if (selected === undefined) {
      selected = this.select(peer, policyNs);
      inNamespace.set(key, selected);
    }
    return selected;
  }

  private select(peer: any, policyNs: string): readonly EvaluatedPod[] {
    const namespaces = peer.namespaceSelector ? this.namespacesSelectedBy(peer.namespaceSelector) : [policyNs];
    const podSelector = peer.podSelector ?? {};
    return namespaces.flatMap((ns) => this.candidates(ns, podSelector)).filter((p) => selects(podSelector, p.labels));
  }

  /** The namespaces a namespace selector selects; kept for a selector of one label (a zone's, by its name). */
  private namespacesSelectedBy(selector: any): readonly string[] {
    const label = singleLabel(selector);
    if (label === undefined) {
      return [...this.namespaces].filter(([, v]) => selects(selector, v.labels)).map(([k]) => k);
    }
    let byValue = this.namespacesByLabel.get(label);
    if (byValue === undefined) {
      byValue = new Map();
      this.namespacesByLabel.set(label, byValue);
    }
    const value = selector.matchLabels[label];
    let selected = byValue.get(value);
    if (selected === undefined) {
      selected = [...this.namespaces].filter(([, v]) => selects(selector, v.labels)).map(([k]) => k);
      byValue.set(value, selected);
    }
    return selected;
  }

  /**
   * A superset of the pods of `namespace` that `selector` selects, from the indexes: its first
   * `matchLabels` entry, else an `In` expression (the pods with one of its values), else an `Exists`
   * expression (the pods with the key), else every pod of the namespace. `selects` decides.
   */
  private candidates(namespace: string, selector: any): EvaluatedPod[] {
    const matchLabels = selector.matchLabels;
    if (matchLabels) {
      for (const k in matchLabels) {
        if (Object.prototype.hasOwnProperty.call(matchLabels, k)) return this.podsByLabel.get(namespace)?.get(k, matchLabels[k]) ?? [];
      }
    }
    const expressions: any[] = selector.matchExpressions ?? [];
    const oneOf = expressions.find((e) => e.operator === 'In');
    if (oneOf) {
      const byLabel = this.podsByLabel.get(namespace);
      return byLabel === undefined ? [] : [...new Set<string>(oneOf.values ?? [])].flatMap((v) => byLabel.get(oneOf.key, v) ?? []);
    }
    const exists = expressions.find((e) => e.operator === 'Exists');
    if (exists) {
      return this.podsByKey.get(namespace, exists.key) ?? [];
    }
    return this.podsByNs.get(namespace) ?? [];
  }
}

/** The label of a selector that is exactly `{ matchLabels: { <label>: <value> } }`, else undefined. */
function singleLabel(selector: any): string | undefined {
  let found: string | undefined;
  for (const k in selector) {
    if (k !== 'matchLabels' || found !== undefined) return undefined;
    const matchLabels = selector.matchLabels;
    if (matchLabels === null || typeof matchLabels !== 'object' || Array.isArray(matchLabels)) return undefined;
    for (const label in matchLabels) {
      if (found !== undefined || typeof matchLabels[label] !== 'string') return undefined;
      found = label;
    }
    if (found === undefined) return undefined;
  }
  return found;
}

/** Whether a rule's `ports` name a port (resolved on each destination pod). */
function namesPorts(ports: any[] | undefined): boolean {
  if (!Array.isArray(ports)) return (ports ?? []).some((p: any) => p.port !== undefined && typeof p.port !== 'number');
  for (let i = 0; i < ports.length; i++) {
    if (ports[i].port !== undefined && typeof ports[i].port !== 'number') return true;
  }
  return false;
}

/** Selections of at most this many pods are scanned rather than made a set. */
const SCANNED_AT_MOST = 8;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}


