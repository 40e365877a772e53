import { ServiceModel } from './model';

/**
 * The services whose Keycloak client holds a role, directly or through inheritance (a holder of `admin`
 * also holds `operator` and `viewer`), indexed once by role. Flows and routes admit callers by role
 * through this one expansion, so the NetworkPolicies and the mesh policies see the same callers.
 */
export class RoleHolders {
  private readonly byRole = new Map<string, ServiceModel[]>();
  private readonly order = new Map<ServiceModel, number>();

  constructor(services: readonly ServiceModel[]) {
    services.forEach((service, i) => {
      this.order.set(service, i);
      for (const role of service.effectiveRoles) {
        const holders = this.byRole.get(role) ?? [];
        holders.push(service);
        this.byRole.set(role, holders);
      }
    });
  }

  private readonly holders = new Map<string, readonly ServiceModel[]>();
  private readonly byZone = new Map<readonly ServiceModel[], ReadonlyMap<string, readonly ServiceModel[]>>();

  /** Holders of any of `roles`, in declaration order: one shared array per set of roles. */
  public of(roles: readonly string[]): readonly ServiceModel[] {
    const key = [...new Set(roles)].sort().join(',');
    let holders = this.holders.get(key);
    if (!holders) {
      const found = new Set(roles.flatMap((r) => this.byRole.get(r) ?? []));
      holders = [...found].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
      this.holders.set(key, holders);
    }
    return holders;
  }

  /**
   * One holder of `roles` per zone but `except`, zones in the order of their first holder, each the zone's
   * last holder: what a flow from the roles into `except` checks against the zone rules.
   */
  public onePerZone(roles: readonly string[], except: ServiceModel): ServiceModel[] {
    const holders = this.of(roles);
    let zones = this.byZone.get(holders);
    if (!zones) {
      const grouped = new Map<string, ServiceModel[]>();
      holders.forEach((h) => {
        const list = grouped.get(h.zone.name);
        if (list) list.push(h);
        else grouped.set(h.zone.name, [h]);
      });
      zones = grouped;
      this.byZone.set(holders, zones);
    }
    const found: ServiceModel[] = [];
    for (const list of zones.values()) {
      const last = list[list.length - 1] !== except ? list[list.length - 1] : list[list.length - 2];
      if (last) found.push(last);
    }
    return found;
  }
}
