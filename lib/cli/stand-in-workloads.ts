import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ZeroTrustBlueprint } from '../zero-trust-blueprint';

/** The image of a stand-in workload: never run, only analyzed. */
export const STAND_IN_IMAGE = 'stand-in.invalid/cdk8s-zero-trust:analysis-only';

/**
 * Binds a minimal Deployment to every service whose pods no operator runs, named after the service and
 * declaring the service's container ports, the way a platform binds its real workloads. The analyzers
 * read workloads, not Services, so `explain` and `diff` of a blueprint analyze these stand-ins; the
 * bindings add the namespace, identity, labels and mesh annotations, as for any workload.
 */
export function addStandInWorkloads(scope: Construct, blueprint: ZeroTrustBlueprint): void {
  for (const name of blueprint.serviceNames) {
    const service = blueprint.service(name);
    if (service.managedByOperator) {
      continue;
    }
    const deployment = new ApiObject(scope, `stand-in-${name}`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        replicas: 1,
        selector: { matchLabels: service.selector },
        template: {
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 },
            containers: [{
              name,
              image: STAND_IN_IMAGE,
              ports: service.containerPorts.map((p) => ({ name: p.name, containerPort: p.number, protocol: p.protocol })),
              securityContext: { allowPrivilegeEscalation: false },
            }],
          },
        },
      },
    });
    service.bind(deployment);
  }
}
