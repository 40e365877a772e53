import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ZeroTrustBlueprint } from '../../lib';

/** Placeholder image per service; replace with your registry's images. */
const IMAGES: Record<string, string> = {
  'gateway': 'registry.example.com/platform/gateway:1.0.0',
  'static-assets': 'registry.example.com/platform/static-assets:1.0.0',
  'auth-service': 'registry.example.com/platform/auth-service:1.0.0',
  'business-api': 'registry.example.com/platform/business-api:1.0.0',
  'worker': 'registry.example.com/platform/worker:1.0.0',
  'ml-service': 'registry.example.com/platform/ml-service:1.0.0',
  'keycloak': 'registry.example.com/platform/keycloak:26.0.0',
  'postgresql': 'registry.example.com/platform/postgresql:16.4',
  'redis': 'registry.example.com/platform/redis:7.4',
  'minio': 'registry.example.com/platform/minio:2024.10',
  'prometheus': 'registry.example.com/platform/prometheus:2.54.1',
  'grafana': 'registry.example.com/platform/grafana:11.2.0',
  'loki': 'registry.example.com/platform/loki:3.2.0',
  'log-shipper': 'registry.example.com/platform/alloy:1.4.0',
};

/**
 * Data stores speak no HTTP: they get exec probes, which never cross the network (Linkerd authorizes only
 * HTTP probes from the kubelet, so a TCP probe would be refused in deny mode).
 */
const EXEC_PROBES: Record<string, string[]> = {
  postgresql: ['pg_isready', '-h', '127.0.0.1', '-p', '5432'],
  redis: ['redis-cli', '-h', '127.0.0.1', 'ping'],
};

/** What the example uses of a cdk8s-plus module, whatever its version (27 to the newest bind alike). */
export interface Cdk8sPlusModule {
  Deployment: new (scope: Construct, id: string, props: any) => Construct;
  Probe: { fromCommand(command: string[]): unknown };
}

/**
 * One Deployment per blueprint service, bound to it: the blueprint sets namespace, service account,
 * labels and mesh annotations; the workload declares its container ports.
 */
export function addWorkloads(scope: Construct, blueprint: ZeroTrustBlueprint, plus: Cdk8sPlusModule = kplus): void {
  for (const name of blueprint.serviceNames) {
    const service = blueprint.service(name);
    if (service.managedByOperator) {
      continue; // Keycloak: the operator runs it from the Keycloak CR
    }
    const deployment = new plus.Deployment(scope, `${name}-workload`, {
      metadata: { name, namespace: service.namespace },
      replicas: 1,
      containers: [{
        name,
        image: IMAGES[name] ?? `registry.example.com/platform/${name}:1.0.0`,
        ports: service.containerPorts,
        securityContext: { user: 65532, group: 65532 },
        ...(EXEC_PROBES[name] ? { liveness: plus.Probe.fromCommand(EXEC_PROBES[name]), readiness: plus.Probe.fromCommand(EXEC_PROBES[name]) } : {}),
      }],
    });
    service.bind(deployment);
  }
}
