/** `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object: how findings and acknowledgments name an object. */
export function resourceId(object: any): string {
  const namespace = object?.metadata?.namespace;
  const name = object?.metadata?.name ?? '(unnamed)';
  return namespace === undefined ? `${object?.kind}/${name}` : `${object?.kind}/${namespace}/${name}`;
}

/** The API group of an object (`''` for the core group). */
export function apiGroup(object: any): string {
  const apiVersion = String(object?.apiVersion ?? '');
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Objects of one kind and API group. */
export function objectsOf(objects: readonly any[], kind: string, group: string): any[] {
  return objects.filter((o) => o?.kind === kind && apiGroup(o) === group);
}

/** A label selector that selects everything: absent, or without labels and expressions. */
export function selectsAll(selector: any): boolean {
  return selector === undefined || selector === null
    || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

/** The namespace an object is created in (`default` when the manifest omits it, as `kubectl apply` does). */
export function namespaceOf(object: any): string {
  return object?.metadata?.namespace ?? 'default';
}

const TEMPLATE_PATHS: Record<string, string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod template of a built-in workload object and its path (`spec.template.`, empty for a Pod), or undefined. */
export function podTemplateOf(object: any): { template: any; path: string } | undefined {
  const steps = apiGroup(object) === 'apps' || apiGroup(object) === 'batch' || (object?.kind === 'Pod' && apiGroup(object) === '')
    ? TEMPLATE_PATHS[object.kind] : undefined;
  if (steps === undefined) {
    return undefined;
  }
  const template = steps.reduce((node: any, step) => node?.[step], object);
  return template === undefined ? undefined : { template, path: steps.map((s) => `${s}.`).join('') };
}
