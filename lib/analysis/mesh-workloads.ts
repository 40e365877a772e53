import { selects } from './cluster-view';
import { workloadTemplates } from './workload-templates';

/** What Linkerd's policy controller sees of a workload's pods. */
export interface MeshPod {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Pod labels, plus the label the proxy injector adds to meshed pods. */
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly meshed: boolean;
  /** `config.linkerd.io/default-inbound-policy` of the pod template, if set. */
  readonly defaultPolicy?: string;
  /** Container ports by number, with their names (the proxy admin port included for meshed pods). */
  readonly ports: ReadonlyMap<number, string | undefined>;
  /** HTTP probe paths (httpGet) by container port number. */
  readonly probePaths: ReadonlyMap<number, readonly string[]>;
}

const INJECT = 'linkerd.io/inject';
const DEFAULT_POLICY = 'config.linkerd.io/default-inbound-policy';
/** The proxy's admin port and its container port name. */
export const PROXY_ADMIN = { port: 4191, name: 'linkerd-admin' } as const;
/** Label the proxy injector sets on meshed pods (`linkerd viz allow-scrapes` selects on it). */
export const CONTROL_PLANE_NS_LABEL = 'linkerd.io/control-plane-ns';

/** Pods of the workloads in `manifests`, as Linkerd sees them once injected. */
export function meshPods(manifests: readonly any[], linkerdNamespace: string): MeshPod[] {
  const nsAnnotations = new Map<string, Record<string, string>>(
    manifests.filter((m) => m?.kind === 'Namespace').map((m) => [m.metadata?.name, m.metadata?.annotations ?? {}]),
  );
  return workloadTemplates(manifests).map(({ kind, name, namespace, template }) => {
    const annotations: Record<string, string> = template?.metadata?.annotations ?? {};
    const inject = annotations[INJECT] ?? nsAnnotations.get(namespace)?.[INJECT];
    const meshed = inject === 'enabled' || inject === 'ingress';
    const spec = template?.spec ?? {};
    const ports = new Map<number, string | undefined>();
    const probePaths = new Map<number, string[]>();
    for (const c of spec.containers ?? []) {
      const named = new Map<string, number>();
      // Linkerd proxies TCP only: a UDP or SCTP port of the same number must not rename the TCP one.
      for (const p of (c.ports ?? []).filter((x: any) => (x.protocol ?? 'TCP') === 'TCP')) {
        ports.set(p.containerPort, p.name);
        if (p.name) {
          named.set(p.name, p.containerPort);
        }
      }
      for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const get = c[field]?.httpGet;
        if (get?.path !== undefined) {
          const number = typeof get.port === 'number' ? get.port : named.get(get.port) ?? Number(get.port);
          probePaths.set(number, [...(probePaths.get(number) ?? []), get.path]);
        }
      }
    }
    const labels: Record<string, string> = { ...(template?.metadata?.labels ?? {}) };
    if (meshed) {
      ports.set(PROXY_ADMIN.port, PROXY_ADMIN.name);
      labels[CONTROL_PLANE_NS_LABEL] = linkerdNamespace;
    }
    return {
      kind,
      name,
      namespace,
      labels,
      serviceAccount: spec.serviceAccountName ?? 'default',
      meshed,
      defaultPolicy: annotations[DEFAULT_POLICY],
      ports,
      probePaths,
    };
  });
}

/** `config.linkerd.io/default-inbound-policy` of a namespace, if set. */
export function namespaceDefaultPolicy(manifests: readonly any[], namespace: string): string | undefined {
  return manifests.find((m) => m?.kind === 'Namespace' && m.metadata?.name === namespace)?.metadata?.annotations?.[DEFAULT_POLICY];
}

/** Whether a Server (`spec.podSelector`, `spec.port`) selects `port` of `pod`. */
export function serverSelects(server: any, pod: MeshPod, port: number): boolean {
  if (server.metadata?.namespace !== pod.namespace || !server.spec?.podSelector || !selects(server.spec.podSelector, pod.labels)) {
    return false;
  }
  const want = server.spec.port;
  return typeof want === 'number' ? want === port : pod.ports.get(port) === want;
}
