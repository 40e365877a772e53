import { workloadTemplates } from './workload-templates';

/** What the evaluator knows of one workload: where its pods run and what they look like. */
export interface PodTemplate {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** Container ports by name, for named ports in policies. */
  readonly namedPorts: ReadonlyMap<string, { protocol: string; port: number }>;
}

export interface NamespaceView {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Pod templates of the workloads among `manifests`. */
export function podTemplates(manifests: readonly any[]): PodTemplate[] {
  return workloadTemplates(manifests).map(({ kind, name, namespace, template }) => {
    const spec = template?.spec ?? {};
    const namedPorts = new Map<string, { protocol: string; port: number }>();
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c.ports ?? []) {
        if (p.name) {
          namedPorts.set(p.name, { protocol: p.protocol ?? 'TCP', port: p.containerPort });
        }
      }
    }
    return {
      kind,
      name,
      namespace,
      labels: { ...(template?.metadata?.labels ?? {}) },
      serviceAccount: spec.serviceAccountName ?? 'default',
      namedPorts,
    };
  });
}

/** Namespaces with their labels; Kubernetes always labels a namespace with its own name. */
export function namespaceViews(manifests: readonly any[], extra: readonly NamespaceView[], referenced: readonly string[]): Map<string, NamespaceView> {
  const views = new Map<string, NamespaceView>();
  const add = (name: string, labels: Record<string, string>) => {
    const prev = views.get(name)?.labels ?? {};
    views.set(name, { name, labels: { ...prev, ...labels, 'kubernetes.io/metadata.name': name } });
  };
  for (const m of manifests.filter((o) => o?.kind === 'Namespace')) {
    add(m.metadata.name, m.metadata.labels ?? {});
  }
  for (const ns of extra) {
    add(ns.name, { ...ns.labels });
  }
  for (const name of referenced) {
    add(name, {});
  }
  return views;
}

/** The values of a set-based requirement, as a set built once per rendered expression (grouped peers list many). */
const valueSets = new WeakMap<object, ReadonlySet<string>>();
function valueSet(expression: { values?: string[] }): ReadonlySet<string> {
  let set = valueSets.get(expression);
  if (!set) {
    set = new Set(expression.values ?? []);
    valueSets.set(expression, set);
  }
  return set;
}

/** Kubernetes label selector semantics (matchLabels AND matchExpressions; empty selects all). */
export function selects(selector: any, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) {
    return true;
  }
  const matchLabels = selector.matchLabels;
  if (matchLabels !== null && typeof matchLabels === 'object') {
    // `for…in` with an own-key check walks what `Object.entries` gives, without an array per call.
    for (const k in matchLabels) {
      if (Object.prototype.hasOwnProperty.call(matchLabels, k) && labels[k] !== matchLabels[k]) {
        return false;
      }
    }
  } else if (matchLabels !== undefined && matchLabels !== null) {
    for (const [k, v] of Object.entries(matchLabels)) {
      if (labels[k] !== v) {
        return false;
      }
    }
  }
  const expressions = selector.matchExpressions ?? [];
  if (!Array.isArray(expressions)) return selectsByExpressions(expressions, labels);
  for (let n = 0; n < expressions.length; n++) {
    if (!requirementHolds(expressions[n], labels)) return false;
  }
  return true;
}

/** The expressions of a selector that are not an array (kept as `for…of` walks them). */
function selectsByExpressions(expressions: any, labels: Readonly<Record<string, string>>): boolean {
  for (const e of expressions) {
    if (!requirementHolds(e, labels)) return false;
  }
  return true;
}

/** One `matchExpressions` requirement. */
function requirementHolds(e: any, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  switch (e.operator) {
    case 'In': return has && valueSet(e).has(labels[e.key]);
    case 'NotIn': return !(has && valueSet(e).has(labels[e.key]));
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: throw new Error(`unknown label selector operator "${e.operator}"`);
  }
}
