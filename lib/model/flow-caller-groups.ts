import { callerGroupName, roleGroupName } from './mesh-names';
import { FlowModel, FlowPurpose, FlowSourceKind, ServiceModel, ZoneModel } from './model';
import { RoleHolders } from './role-holders';

/**
 * The callers of a zone or role flow as one set of services, shared by every flow with the same set: the
 * emitters admit the set once per target namespace (a MeshTLSAuthentication set, a NetworkPolicy peer)
 * instead of listing its services per target, so the output grows with the set plus the targets.
 *
 * The set holds a target that belongs to it (a service of the zone, a holder of the role): its replicas
 * then reach each other, which no analyzer counts as a call between services.
 */
export interface FlowCallerGroupModel {
  readonly kind: FlowSourceKind.ZONE | FlowSourceKind.ROLES;
  /** `zone-<zone>-callers` or `role-<role>-callers` (see mesh-names.ts), with `-except-<hash>` when some are left out. */
  readonly name: string;
  /** For messages: `the callers of zone "app"`, `the holders of role "viewer"`. */
  readonly description: string;
  /** The calling zone of a ZONE group. */
  readonly zone?: ZoneModel;
  /** Sorted role names of a ROLES group; empty for a zone. */
  readonly roles: readonly string[];
  /** The services of the set, meshed or not, in declaration order. */
  readonly members: readonly ServiceModel[];
  /** The members without a Linkerd proxy, in declaration order: the mesh admits them one by one, by address. */
  readonly unmeshed: readonly ServiceModel[];
  /** Sorted names of the services left out: a zone's `except`, and an edge service whose calls its proxy makes. */
  readonly except: readonly string[];
}

/** The caller groups of the blueprint's zone and role flows, each built once and shared by name. */
export class FlowCallerGroups {
  private readonly groups = new Map<string, FlowCallerGroupModel>();

  constructor(
    private readonly servicesByZone: ReadonlyMap<ZoneModel, readonly ServiceModel[]>,
    private readonly roleHolders: RoleHolders,
  ) {}

  /** The group a declared zone or role flow's callers (with its target, when it is one of them) form; undefined for other flows. */
  public ofFlow(flow: FlowModel): FlowCallerGroupModel | undefined {
    const source = flow.source;
    if (flow.purpose !== FlowPurpose.DECLARED) {
      return undefined;
    }
    if (source.kind === FlowSourceKind.ZONE) {
      return this.zone(source.zone, source.except);
    }
    if (source.kind !== FlowSourceKind.ROLES) {
      return undefined;
    }
    // Edge realization can take a holder out of a flow's callers (its `except`); such a flow is the group but that holder.
    return this.roles(source.roles, source.except);
  }

  /** Every service of `zone` but `except`. */
  public zone(zone: ZoneModel, except: readonly ServiceModel[]): FlowCallerGroupModel {
    const exceptNames = except.map((s) => s.name).sort();
    return this.cached(callerGroupName(zone.name, exceptNames), () => {
      const excluded = new Set(except);
      return {
        kind: FlowSourceKind.ZONE,
        zone,
        description: `the callers of zone "${zone.name}"`,
        roles: [],
        members: (this.servicesByZone.get(zone) ?? []).filter((s) => !excluded.has(s)),
        except: exceptNames,
      };
    });
  }

  /** Every holder of one of `roles` (directly or by inheritance) but `except`. */
  public roles(roles: readonly string[], except: readonly ServiceModel[]): FlowCallerGroupModel {
    const sorted = [...new Set(roles)].sort();
    const exceptNames = except.map((s) => s.name).sort();
    return this.cached(roleGroupName(sorted, exceptNames), () => {
      const excluded = new Set(except);
      return {
        kind: FlowSourceKind.ROLES,
        description: `the holders of ${sorted.length === 1 ? `role "${sorted[0]}"` : `roles ${sorted.map((r) => `"${r}"`).join(', ')}`}`,
        roles: sorted,
        members: this.roleHolders.of(sorted).filter((s) => !excluded.has(s)),
        except: exceptNames,
      };
    });
  }

  private cached(name: string, build: () => Omit<FlowCallerGroupModel, 'name' | 'unmeshed'>): FlowCallerGroupModel {
    let group = this.groups.get(name);
    if (!group) {
      const fields = build();
      group = { name, ...fields, unmeshed: fields.members.filter((s) => !s.meshed) };
      this.groups.set(name, group);
    }
    return group;
  }
}
