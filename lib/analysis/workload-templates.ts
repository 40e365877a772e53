/** A workload of the manifests and the pod template its pods are made from. */
export interface WorkloadTemplate {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly template: any;
}

const BUILT_IN_WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

/**
 * Workloads among `manifests` with their pod templates: the built-in kinds, and the Keycloak CR, whose
 * StatefulSet the Keycloak operator creates from `spec.unsupported.podTemplate`.
 */
export function workloadTemplates(manifests: readonly any[]): WorkloadTemplate[] {
  const result: WorkloadTemplate[] = [];
  for (const m of manifests) {
    let template: any;
    if (BUILT_IN_WORKLOADS.has(m?.kind)) {
      template = m.kind === 'Pod' ? m : m.kind === 'CronJob' ? m.spec?.jobTemplate?.spec?.template : m.spec?.template;
    } else if (m?.kind === 'Keycloak' && String(m.apiVersion).startsWith('k8s.keycloak.org/')) {
      template = keycloakPodTemplate(m);
    } else {
      continue;
    }
    result.push({ kind: m.kind, name: m.metadata?.name, namespace: m.metadata?.namespace ?? 'default', template });
  }
  return result;
}

/**
 * The labels the Keycloak operator puts on every pod of a Keycloak CR, besides the pod template's
 * (keycloak/keycloak, operator module: Constants.DEFAULT_LABELS and Utils.allInstanceLabels). Its own
 * NetworkPolicy selects the pods by them.
 */
export function keycloakOperatorPodLabels(name: string): Record<string, string> {
  return { 'app': 'keycloak', 'app.kubernetes.io/managed-by': 'keycloak-operator', 'app.kubernetes.io/instance': name };
}

/**
 * The pod template the Keycloak operator renders from a Keycloak CR: the CR's pod template with the
 * operator's labels, the server container's ports (`https`, `management`) and its HTTP probes on the
 * management port.
 */
export function keycloakPodTemplate(keycloak: any): any {
  const spec = keycloak.spec ?? {};
  const podTemplate = spec.unsupported?.podTemplate ?? {};
  const management = spec.httpManagement?.port ?? 9000;
  const probe = (path: string) => ({ httpGet: { path, port: management, scheme: 'HTTPS' } });
  const [first, ...rest] = podTemplate.spec?.containers ?? [{}];
  return {
    metadata: { ...podTemplate.metadata, labels: { ...podTemplate.metadata?.labels, ...keycloakOperatorPodLabels(keycloak.metadata?.name) } },
    spec: {
      ...podTemplate.spec,
      containers: [{
        ...first,
        name: first.name ?? 'keycloak',
        ports: [{ name: 'https', containerPort: spec.http?.httpsPort ?? 8443, protocol: 'TCP' }, { name: 'management', containerPort: management, protocol: 'TCP' }],
        livenessProbe: probe('/health/live'),
        readinessProbe: probe('/health/ready'),
        startupProbe: probe('/health/started'),
      }, ...rest],
    },
  };
}
