import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selects } from '../../lib/analysis/cluster-view';
import { workloadTemplates } from '../../lib/analysis/workload-templates';
import { platformServices } from '../../lib/cli/platform-services';
import { LABELS } from '../../lib/labels';

/**
 * The documented rule, read literally: each blueprint service (in order of its first labelled ServiceAccount or
 * Service) takes the first workload of its namespace, in manifest order, not taken yet, that runs as its
 * ServiceAccount or whose pods its Service selects; the workloads nobody took follow.
 */
function byTheRule(manifests: any[]) {
  const declared = new Map<string, { namespace: string; serviceAccount?: string; selector?: Record<string, string> }>();
  for (const m of manifests) {
    const name = m.metadata?.labels?.[LABELS.service];
    if (name === undefined || (m.kind !== 'ServiceAccount' && m.kind !== 'Service')) continue;
    const entry = declared.get(name) ?? { namespace: m.metadata.namespace };
    declared.set(name, m.kind === 'ServiceAccount' ? { ...entry, serviceAccount: m.metadata.name } : { ...entry, selector: m.spec.selector });
  }
  const workloads = workloadTemplates(manifests);
  const taken = new Set<unknown>();
  const services = [...declared].map(([name, e]) => {
    const w = workloads.find((x) => x.namespace === e.namespace && !taken.has(x)
      && ((e.serviceAccount !== undefined && x.template.spec.serviceAccountName === e.serviceAccount)
        || (e.selector !== undefined && Object.keys(e.selector).length > 0 && selects({ matchLabels: e.selector }, x.template.metadata.labels))));
    if (w) taken.add(w);
    return { name, namespace: e.namespace, serviceAccount: e.serviceAccount ?? w?.template.spec.serviceAccountName, workload: w ? { kind: w.kind, name: w.name } : undefined };
  });
  const rest = workloads.filter((w) => !taken.has(w)).map((w) => ({
    name: `${w.namespace}/${w.name}`, namespace: w.namespace, serviceAccount: w.template.spec.serviceAccountName ?? 'default', workload: { kind: w.kind, name: w.name },
  }));
  return [...services, ...rest];
}

const namespace = fc.constantFrom('app', 'data');
const small = fc.constantFrom('a', 'b', 'c');
const labels = fc.dictionary(fc.constantFrom('app', 'tier'), small, { maxKeys: 2 });
const declaration = fc.record({ kind: fc.constantFrom('ServiceAccount', 'Service'), service: small, namespace, account: small, selector: labels })
  .map((d) => d.kind === 'ServiceAccount'
    ? { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: d.account, namespace: d.namespace, labels: { [LABELS.service]: d.service } } }
    : { apiVersion: 'v1', kind: 'Service', metadata: { name: d.service, namespace: d.namespace, labels: { [LABELS.service]: d.service } }, spec: { selector: d.selector } });
const workload = fc.record({ name: small, namespace, account: fc.option(small, { nil: undefined }), labels })
  .map((w) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: w.name, namespace: w.namespace },
    spec: { template: { metadata: { labels: w.labels }, spec: w.account === undefined ? {} : { serviceAccountName: w.account } } },
  }));

describe('platformServices', () => {
  it('binds services to workloads as the rule says, on generated manifests with shared accounts and overlapping selectors', () => {
    fc.assert(fc.property(fc.array(fc.oneof(declaration, workload), { maxLength: 14 }), (manifests) => {
      expect(platformServices(manifests)).toEqual(byTheRule(manifests));
    }), { seed: 10, numRuns: 400 });
  });

  it('prefers the earlier workload when one matches by ServiceAccount and an earlier one by selector', () => {
    const manifests = [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'orders', namespace: 'app', labels: { [LABELS.service]: 'orders' } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders', namespace: 'app', labels: { [LABELS.service]: 'orders' } }, spec: { selector: { app: 'orders' } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'by-selector', namespace: 'app' }, spec: { template: { metadata: { labels: { app: 'orders' } }, spec: {} } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'by-account', namespace: 'app' }, spec: { template: { metadata: { labels: {} }, spec: { serviceAccountName: 'orders' } } } },
    ];
    expect(platformServices(manifests)[0].workload).toEqual({ kind: 'Deployment', name: 'by-selector' });
    expect(platformServices([...manifests.slice(0, 2), manifests[3], manifests[2]])[0].workload).toEqual({ kind: 'Deployment', name: 'by-account' });
  });
});
