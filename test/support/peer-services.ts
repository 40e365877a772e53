// Which workloads a NetworkPolicy peer selects, by Kubernetes label-selector semantics, written here
// independently of the library's analyzers so that a shared mistake cannot hide.

/** Kubernetes label selector semantics: matchLabels AND every matchExpressions entry; empty selects all. */
export function selectorMatches(selector: any, labels: Record<string, string>): boolean {
  const own = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  return Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => own(k) && labels[k] === v)
    && (selector?.matchExpressions ?? []).every((e: any) => {
      switch (e.operator) {
        case 'In': return own(e.key) && e.values.includes(labels[e.key]);
        case 'NotIn': return !own(e.key) || !e.values.includes(labels[e.key]);
        case 'Exists': return own(e.key);
        case 'DoesNotExist': return !own(e.key);
        default: throw new Error(`unknown operator ${e.operator}`);
      }
    });
}

/**
 * The names of the workloads in `manifests` (Deployments and other pod templates) that `peer` selects,
 * seen from a policy in `policyNamespace`; sorted.
 */
export function peerWorkloads(manifests: any[], peer: any, policyNamespace: string): string[] {
  const namespaces = new Map(manifests.filter((m) => m.kind === 'Namespace').map((m) => [m.metadata.name, m.metadata.labels ?? {}]));
  return manifests
    .filter((m) => m.spec?.template?.metadata)
    .filter((m) => (peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, namespaces.get(m.metadata.namespace) ?? {}) : m.metadata.namespace === policyNamespace))
    .filter((m) => selectorMatches(peer.podSelector ?? {}, m.spec.template.metadata.labels ?? {}))
    .map((m) => m.metadata.name)
    .sort();
}
