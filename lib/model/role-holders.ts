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

  /** Holders of any of `roles`, in declaration order. */
  public of(roles: readonly string[]): ServiceModel[] {
    const found = new Set(roles.flatMap((r) => this.byRole.get(r) ?? []));
    return [...found].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}
