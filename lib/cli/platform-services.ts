import { selects } from '../analysis/cluster-view';
import { workloadTemplates } from '../analysis/workload-templates';
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
  const used = new Set<(typeof workloads)[number]>();
  const result: PlatformService[] = [];
  for (const [name, entry] of declared) {
    const workload = workloads.find((w) => w.namespace === entry.namespace && !used.has(w) && (
      (entry.serviceAccount !== undefined && w.template?.spec?.serviceAccountName === entry.serviceAccount)
      || (entry.selector !== undefined && Object.keys(entry.selector).length > 0 && selects({ matchLabels: entry.selector }, w.template?.metadata?.labels ?? {}))));
    if (workload) {
      used.add(workload);
    }
    result.push({
      name,
      namespace: entry.namespace,
      serviceAccount: entry.serviceAccount ?? workload?.template?.spec?.serviceAccountName,
      workload: workload ? { kind: workload.kind, name: workload.name } : undefined,
    });
  }
  for (const w of workloads.filter((x) => !used.has(x))) {
    result.push({ name: `${w.namespace}/${w.name}`, namespace: w.namespace, serviceAccount: w.template?.spec?.serviceAccountName ?? 'default', workload: { kind: w.kind, name: w.name } });
  }
  return result;
}
