import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { IssueCollector } from './errors';
import { AdminNetworkModel, RoleModel, ServiceModel, ZoneModel } from './model';
import { FlowCallerGroups } from './flow-caller-groups';
import { RoleHolders } from './role-holders';

/**
 * What the model builders share once zones, roles and services are built: lookups by name, and the
 * collector. Passed as one object instead of many positional parameters.
 */
export interface BuildContext {
  readonly props: ZeroTrustBlueprintProps;
  readonly issues: IssueCollector;
  readonly zones: ReadonlyMap<string, ZoneModel>;
  readonly roles: ReadonlyMap<string, RoleModel>;
  /** Services in declaration order (entries left out for malformed input are missing). */
  readonly services: readonly ServiceModel[];
  readonly serviceByName: ReadonlyMap<string, ServiceModel>;
  /** The service built from `props.services[i]`, or undefined when that entry was left out. */
  readonly serviceAt: readonly (ServiceModel | undefined)[];
  readonly servicesByZone: ReadonlyMap<ZoneModel, readonly ServiceModel[]>;
  /** The services holding each role (with inheritance). */
  readonly roleHolders: RoleHolders;
  /** The sets of services zone and role flows admit, each built once. */
  readonly callerGroups: FlowCallerGroups;
  readonly adminNetworks: ReadonlyMap<string, AdminNetworkModel>;
  /** `from\0to` of every zone rule. */
  readonly allowedZonePairs: ReadonlySet<string>;
  /**
   * Names of entries left out because they are malformed (the schema check reported them): a reference
   * to one of them is not reported again as unknown.
   */
  readonly skipped: { readonly zones: ReadonlySet<string>; readonly services: ReadonlySet<string> };
}

export function zonePair(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

export function unknownZone(name: string, zones: ReadonlyMap<string, ZoneModel>): string {
  return `unknown zone "${name}": declared zones are ${[...zones.keys()].map((z) => `"${z}"`).join(', ') || 'none'}`;
}

export function unknownService(name: string, services: ReadonlyMap<string, ServiceModel>): string {
  return `unknown service "${name}": declare it in \`services\` (known: ${[...services.keys()].map((s) => `"${s}"`).join(', ')})`;
}
