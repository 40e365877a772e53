import { LABELS } from '../labels';
import { selects } from './cluster-view';
import { WorkloadQuery } from './workload-query';

/** What the lookup needs of an analyzer's workload. */
export interface LookupWorkload {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Pod template labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** At most this many known workloads are listed in a miss. */
const MAX_LISTED = 50;

/**
 * Finds analyzed workloads by blueprint service name or metadata name, in a namespace or zone, and says
 * which names exist when nothing matches.
 */
export class WorkloadLookup<W extends LookupWorkload> {
  private readonly zoneNamespaces = new Map<string, Set<string>>();
  /** Blueprint service names per workload (built on the first lookup: analyzers are often used without one). */
  private names?: Map<W, Set<string>>;

  constructor(private readonly manifests: readonly any[], private readonly workloads: readonly W[]) {
    for (const ns of manifests.filter((m) => m?.kind === 'Namespace')) {
      const zone = ns.metadata?.labels?.[LABELS.zone];
      if (zone !== undefined) {
        this.zoneNamespaces.set(zone, new Set([...(this.zoneNamespaces.get(zone) ?? []), ns.metadata.name]));
      }
    }
  }

  /** A workload's own `zero-trust.cdk8s.io/service` label, and the labelled Services of its namespace selecting its pods. */
  private get serviceNames(): Map<W, Set<string>> {
    if (this.names) {
      return this.names;
    }
    const objectLabels = new Map<string, Record<string, string>>(this.manifests
      .filter((m) => m?.metadata?.name !== undefined)
      .map((m) => [key(m.kind, m.metadata.namespace ?? 'default', m.metadata.name), m.metadata.labels ?? {}]));
    const servicesByNamespace = new Map<string, any[]>();
    for (const s of this.manifests.filter((m) => m?.kind === 'Service' && m.apiVersion === 'v1' && m.metadata?.labels?.[LABELS.service] !== undefined && m.spec?.selector)) {
      const ns = s.metadata.namespace ?? 'default';
      const list = servicesByNamespace.get(ns) ?? [];
      list.push(s);
      servicesByNamespace.set(ns, list);
    }
    this.names = new Map();
    for (const w of this.workloads) {
      const names = new Set<string>();
      const own = objectLabels.get(key(w.kind, w.namespace, w.name))?.[LABELS.service];
      if (own !== undefined) {
        names.add(own);
      }
      for (const s of servicesByNamespace.get(w.namespace) ?? []) {
        if (selects({ matchLabels: s.spec.selector }, w.labels)) {
          names.add(s.metadata.labels[LABELS.service]);
        }
      }
      this.names.set(w, names);
    }
    return this.names;
  }

  /** The one workload `query` names; a clear error listing the known names when none or several match. */
  public find(query: WorkloadQuery): W {
    if ((query.service === undefined) === (query.name === undefined)) {
      throw new Error(`a workload query names the workload by exactly one of "service" or "name" (found ${query.service === undefined ? 'neither' : 'both'}) in namespace "${query.namespace}"`);
    }
    const inNamespace = this.workloads.filter((w) => this.inNamespace(w, query.namespace) && (query.kind === undefined || w.kind === query.kind));
    const candidates = query.service !== undefined
      ? firstNonEmpty(inNamespace.filter((w) => this.serviceNames.get(w)!.has(query.service!)), inNamespace.filter((w) => w.name === query.service))
      : inNamespace.filter((w) => w.name === query.name);
    return this.one(candidates, query.namespace, query.service ?? query.name!);
  }

  /** The positional form of the older API: a metadata name first, else a blueprint service name. */
  public findByName(namespace: string, name: string): W {
    const inNamespace = this.workloads.filter((w) => this.inNamespace(w, namespace));
    return this.one(firstNonEmpty(inNamespace.filter((w) => w.name === name), inNamespace.filter((w) => this.serviceNames.get(w)!.has(name))), namespace, name);
  }

  /** The blueprint service names of a workload (empty for a workload the blueprint does not know). */
  public servicesOf(workload: W): string[] {
    return [...this.serviceNames.get(workload) ?? []].sort();
  }

  private inNamespace(w: W, namespace: string): boolean {
    return w.namespace === namespace || (this.zoneNamespaces.get(namespace)?.has(w.namespace) ?? false);
  }

  private one(candidates: W[], namespace: string, name: string): W {
    if (candidates.length === 1) {
      return candidates[0];
    }
    if (candidates.length > 1) {
      const listed = candidates.map((w) => `${w.kind} ${w.namespace}/${w.name}`).join(', ');
      throw new Error(`"${namespace}/${name}" matches ${candidates.length} workloads (${listed}): name one of them by its metadata name and kind ({ namespace, name, kind })`);
    }
    const known = this.workloads.map((w) => this.describe(w)).sort();
    const shown = known.slice(0, MAX_LISTED).join(', ');
    const more = known.length > MAX_LISTED ? ` and ${known.length - MAX_LISTED} more` : '';
    throw new Error(`no workload "${namespace}/${name}" in the analyzed manifests (looked up by blueprint service name and by metadata name, in namespace or zone "${namespace}"); known workloads: ${shown || 'none'}${more}`);
  }

  /** `zone-or-namespace/service (metadata name)`, as a miss lists it. */
  private describe(w: W): string {
    const services = this.servicesOf(w);
    if (services.length === 0) {
      return `${w.namespace}/${w.name}`;
    }
    return services.map((s) => (s === w.name ? `${w.namespace}/${s}` : `${w.namespace}/${s} (${w.kind} ${w.name})`)).join(', ');
  }
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function firstNonEmpty<T>(...lists: T[][]): T[] {
  return lists.find((l) => l.length > 0) ?? [];
}
