import { WorkloadCallerProps } from '../blueprint/flow';
import { BuildContext } from './build-context';
import { WorkloadCallerModel } from './model';
import { checkCidr, checkDnsLabel, checkDnsSubdomain, checkLabels } from './names';

/**
 * A caller outside the blueprint (an ingress controller, linkerd-viz's Prometheus), by namespace and
 * ServiceAccount. It must live outside the zone namespaces: a workload in a zone is a blueprint service.
 */
export function buildWorkloadCaller(ctx: BuildContext, props: WorkloadCallerProps, path: string): WorkloadCallerModel | undefined {
  const { issues } = ctx;
  const before = issues.count;
  issues.check('ZT-FLOW-007', `${path}.namespace`, checkDnsLabel(props.namespace));
  issues.check('ZT-FLOW-008', `${path}.serviceAccount`, checkDnsSubdomain(props.serviceAccount));
  issues.check('ZT-FLOW-009', `${path}.podLabels`, checkLabels(props.podLabels ?? {}));
  const zone = [...ctx.zones.values()].find((z) => z.namespace === props.namespace);
  if (zone) {
    issues.add('ZT-FLOW-010', `${path}.namespace`, `namespace "${props.namespace}" is the namespace of zone "${zone.name}": declare the workload as a service of that zone and allow it with \`service\``);
  }
  const meshed = props.meshed ?? true;
  const cidrs = props.cidrs ?? [];
  if (meshed && props.cidrs !== undefined) {
    issues.add('ZT-FLOW-011', `${path}.cidrs`, 'a meshed workload is admitted by its mTLS identity: `cidrs` is only for workloads that are not meshed');
  }
  cidrs.forEach((c, k) => issues.check('ZT-FLOW-012', `${path}.cidrs[${k}]`, checkCidr(c)));
  if (issues.count > before) {
    return undefined;
  }
  return {
    name: `${props.namespace}-${props.serviceAccount}`,
    namespace: props.namespace,
    serviceAccountName: props.serviceAccount,
    podLabels: { ...props.podLabels },
    meshed,
    cidrs: [...cidrs],
  };
}
