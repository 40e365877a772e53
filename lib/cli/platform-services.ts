import { selects } from '../analysis/cluster-view';
import { WorkloadTemplate, workloadTemplates } from '../analysis/workload-templates';
import { LABELS } from '../labels';

/** A service of the rendered platform: a blueprint service, or a workload the blueprint does not know. */
export interface PlatformService {
  /** The blueprint service name; `<namespace>/<name>` for a workload of no blueprint service. */
  readonly name: string;
  readonly namespace: string;
  /** Its ServiceAccount (mesh identity); undefined when neither a ServiceAccount nor a workload says. */
  readonly serviceAccount?: string;
  /** The workload running it; undefined when the manifests hold none (no workload bound). */
  readonly workload?: { readonly kind: string; readonly name: string };
}

/**
 * The services of rendered manifests, in manifest order: every blueprint service (found by the
 * `zero-trust.cdk8s.io/service` label of its ServiceAccount and Service) with the workload that runs
 * it (by ServiceAccount, else by the Service's selector), then the workloads of no blueprint service.
 */
export function platformServices(manifests: readonly any[]): PlatformService[] {
  const declared = new Map<string, { namespace: string; serviceAccount?: string; selector?: Record<string, string> }>();
  for (const m of manifests) {
    const name = m?.metadata?.labels?.[LABELS.service];
    if (name === undefined || (m.kind !== 'ServiceAccount' && m.kind !== 'Service') || m.apiVersion !== 'v1') {
      continue;
    }
    const entry = declared.get(name) ?? { namespace: m.metadata.namespace ?? 'default' };
    declared.set(name, m.kind === 'ServiceAccount' ? { ...entry, serviceAccount: m.metadata.name } : { ...entry, selector: m.spec?.selector });
  }
  const workloads = workloadTemplates(manifests);
  const candidates = new WorkloadCandidates(workloads);
  const result: PlatformService[] = [];
  for (const [name, entry] of declared) {
    const workload = candidates.take(entry.namespace, entry.serviceAccount, entry.selector);
    result.push({
      name,
      namespace: entry.namespace,
      serviceAccount: entry.serviceAccount ?? workload?.template?.spec?.serviceAccountName,
      workload: workload ? { kind: workload.kind, name: workload.name } : undefined,
    });
  }
  for (const w of workloads.filter((x) => !candidates.used.has(x))) {
    result.push({ name: `${w.namespace}/${w.name}`, namespace: w.namespace, serviceAccount: w.template?.spec?.serviceAccountName ?? 'default', workload: { kind: w.kind, name: w.name } });
  }
  return result;
}

/**
 * The first unused workload of a namespace that runs as a ServiceAccount or whose pods a selector selects, in
 * manifest order, found through indexes (by ServiceAccount, and by every pod label) instead of a scan of all
 * workloads per service, which is quadratic on a platform of thousands of services.
 */
class WorkloadCandidates {
  public readonly used = new Set<WorkloadTemplate>();
  private readonly order = new Map<WorkloadTemplate, number>();
  private readonly byServiceAccount = new Map<string, WorkloadTemplate[]>();
  private readonly byLabel = new Map<string, WorkloadTemplate[]>();

  constructor(workloads: readonly WorkloadTemplate[]) {
    workloads.forEach((w, i) => {
      this.order.set(w, i);
      const account = w.template?.spec?.serviceAccountName;
      if (account !== undefined) push(this.byServiceAccount, JSON.stringify([w.namespace, account]), w);
      for (const [k, v] of Object.entries(w.template?.metadata?.labels ?? {})) push(this.byLabel, JSON.stringify([w.namespace, k, String(v)]), w);
    });
  }

  public take(namespace: string, serviceAccount?: string, selector?: Record<string, string>): WorkloadTemplate | undefined {
    const byAccount = serviceAccount === undefined ? undefined
      : this.byServiceAccount.get(JSON.stringify([namespace, serviceAccount]))?.find((w) => !this.used.has(w));
    const [first] = Object.entries(selector ?? {});
    const bySelector = first === undefined ? undefined
      : this.byLabel.get(JSON.stringify([namespace, first[0], String(first[1])]))
        ?.find((w) => !this.used.has(w) && selects({ matchLabels: selector }, w.template?.metadata?.labels ?? {}));
    const workload = byAccount === undefined || (bySelector !== undefined && this.order.get(bySelector)! < this.order.get(byAccount)!) ? bySelector : byAccount;
    if (workload !== undefined) this.used.add(workload);
    return workload;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
