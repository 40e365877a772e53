import { PortSet } from './port-set';

/** A pod's named container ports, by name. */
export type NamedPorts = ReadonlyMap<string, { protocol: string; port: number }>;

/** The directions a NetworkPolicy governs, with the API server's default when `policyTypes` is absent. */
export function policyTypes(policy: any): string[] {
  return policy.spec?.policyTypes ?? ['Ingress', ...(policy.spec?.egress ? ['Egress'] : [])];
}

/**
 * The ports a NetworkPolicy rule opens on a destination pod: every port without `ports`, ranges with
 * `endPort`, and named ports resolved against the pod's containers (unknown to an unresolvable name).
 */
export function rulePorts(ports: any[] | undefined, dstNamedPorts: NamedPorts | undefined): PortSet {
  if (!ports || ports.length === 0) {
    return PortSet.ALL;
  }
  let set = PortSet.EMPTY;
  for (const p of ports) {
    const protocol: string = p.protocol ?? 'TCP';
    if (p.port === undefined) {
      set = set.union(PortSet.allOf(protocol));
    } else if (typeof p.port === 'number') {
      set = set.union(PortSet.of(protocol, p.port, p.endPort ?? p.port));
    } else {
      const named = dstNamedPorts?.get(p.port);
      if (named && named.protocol === protocol) {
        set = set.union(PortSet.of(protocol, named.port));
      }
    }
  }
  return set;
}
