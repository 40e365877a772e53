import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { IssueCollector } from './errors';
import { FlowCallerGroupModel } from './flow-caller-groups';
import { isGroupFlow } from './group-flow';
import { identityKey } from './identity-key';
import { AdmittedCallers, CallerGroupModel, MeshIdentityModel, NetworkCallerModel } from './mesh-model';
import { FlowModel, FlowSourceKind, ServiceModel } from './model';
import { checkCidr } from './names';
import { compareNames } from '../name-order';


/** A caller admitted by identity, with the JSON path of the entry that admitted it first and its `identityKey`. */
export interface IdentityEntry {
  readonly identity: MeshIdentityModel;
  readonly path: string;
  readonly key: string;
}

/** A caller admitted by address, with the JSON path of the entry that admitted it first. */
export interface NetworkEntry {
  readonly caller: NetworkCallerModel;
  readonly path: string;
}

const byKey = (a: IdentityEntry, b: IdentityEntry) => compareNames(a.key, b.key);
const byName = (a: { readonly name: string }, b: { readonly name: string }) => compareNames(a.name, b.name);

/**
 * The meshed members of a caller group (a zone or role flow's, a route's `allowRoles`), admitted as the
 * group: but `except` (the target, which a flow's callers never hold), with the JSON path of the entry.
 */
export interface GroupEntry {
  readonly group: FlowCallerGroupModel;
  readonly except: ServiceModel;
  readonly path: string;
}

/** Callers of one port or route, each with the JSON path of the entry that admitted it first. */
export class CallerSet {
  private readonly identities = new Map<string, IdentityEntry>();
  private readonly networks = new Map<string, NetworkEntry>();
  private readonly groups: GroupEntry[] = [];

  public addIdentity(identity: MeshIdentityModel, path: string): void {
    const key = identityKey(identity);
    if (!this.identities.has(key)) {
      this.identities.set(key, { identity, path, key });
    }
  }

  public addNetwork(caller: NetworkCallerModel, path: string): void {
    if (!this.networks.has(caller.name)) {
      this.networks.set(caller.name, { caller, path });
    }
  }

  /**
   * Admits the meshed members of `group` but `except` as the group, without an entry each: a route's or
   * routed port's callers compared as groups (lib/model/route-coverage.ts). Its unmeshed members are
   * admitted one by one, by the caller.
   */
  public addGroup(group: FlowCallerGroupModel, except: ServiceModel, path: string): void {
    this.groups.push({ group, except, path });
  }

  /** The groups admitted with `addGroup`, in that order. */
  public get groupEntries(): readonly GroupEntry[] {
    return this.groups;
  }

  /** Whether the identity with this `identityKey` is admitted on its own (not through `addGroup`). */
  public hasIdentityKey(key: string): boolean {
    return this.identities.has(key);
  }

  public hasNetwork(name: string): boolean {
    return this.networks.has(name);
  }

  /** In the order they were first admitted. */
  public get identityEntries(): Iterable<IdentityEntry> {
    return this.identities.values();
  }

  /** In the order they were first admitted. */
  public get networkEntries(): Iterable<NetworkEntry> {
    return this.networks.values();
  }

  /**
   * The callers, sorted; identities whose key is `grouped` (admitted through `groups`) are left out of
   * `identities`. The members of `addGroup` entries are left to `groups`, which must cover them.
   */
  public freeze(groups: readonly CallerGroupModel[] = [], grouped?: (key: string) => boolean): AdmittedCallers {
    const entries: IdentityEntry[] = [];
    this.identities.forEach((e) => {
      if (grouped === undefined || !grouped(e.key)) {
        entries.push(e);
      }
    });
    const networks: NetworkCallerModel[] = [];
    this.networks.forEach((n) => networks.push(n.caller));
    return {
      identities: entries.sort(byKey).map((e) => e.identity),
      groups: [...groups].sort(byName),
      networks: networks.sort(byName),
    };
  }
}

/**
 * Turns callers into what Linkerd can recognise: meshed workloads by identity (ServiceAccount), unmeshed
 * ones by address (the internet, admin networks, `callerCidrs`, an outside workload's `cidrs`).
 */
export class Admission {
  private readonly callerCidrs = new Map<ServiceModel, string[]>();
  private readonly reported = new Set<string>();

  constructor(props: ZeroTrustBlueprintProps, serviceAt: readonly (ServiceModel | undefined)[], private readonly issues: IssueCollector) {
    props.services.forEach((svc, i) => {
      const service = serviceAt[i];
      if (!service || svc.callerCidrs === undefined) {
        return;
      }
      const path = `services[${i}].callerCidrs`;
      if (service.meshed) {
        issues.add('ZT-MESH-008', path, `service "${svc.name}" is meshed, so the services it calls see its mTLS identity: \`callerCidrs\` is only for services that are not meshed`);
      }
      if (svc.callerCidrs.length === 0) {
        issues.add('ZT-MESH-009', path, 'list at least one CIDR the service\'s pods call from');
      }
      svc.callerCidrs.forEach((c, k) => issues.check('ZT-MESH-010', `${path}[${k}]`, checkCidr(c)));
      this.callerCidrs.set(service, [...svc.callerCidrs]);
    });
  }

  /** Adds the callers of `flow` to `into`. */
  public flow(flow: FlowModel, target: string, into: CallerSet): void {
    const source = flow.source;
    switch (source.kind) {
      case FlowSourceKind.INTERNET:
        into.addNetwork({ name: 'internet', cidrs: [...source.cidrs] }, flow.path);
        return;
      case FlowSourceKind.ADMIN_NETWORK:
        into.addNetwork({ name: source.network.name, cidrs: [...source.network.cidrs] }, flow.path);
        return;
      case FlowSourceKind.WORKLOAD: {
        const w = source.workload;
        if (w.meshed) {
          into.addIdentity(w, flow.path);
        } else if (w.cidrs.length > 0) {
          into.addNetwork({ name: w.name, cidrs: [...w.cidrs] }, flow.path);
        } else {
          this.report('ZT-MESH-029', `${flow.path}.workload`, `workload "${w.serviceAccountName}" in namespace "${w.namespace}" is not meshed, so ${target} cannot authorize it by identity: set its \`cidrs\` (its pod addresses, for a NetworkAuthentication), or mesh it`);
        }
        return;
      }
      default:
        if (isGroupFlow(flow)) {
          flow.forEachCaller((c) => this.caller(c, target, flow.path, into));
        } else {
          const callers = flow.callers;
          for (let i = 0; i < callers.length; i++) {
            this.caller(callers[i], target, flow.path, into);
          }
        }
    }
  }

  /**
   * Adds the callers of a zone or role flow that `group` (its caller group) does not admit by identity:
   * the unmeshed ones, in the order `flow` lists them. The meshed ones are the group's.
   */
  public unmeshedCallers(flow: FlowModel, group: FlowCallerGroupModel, target: string, into: CallerSet): void {
    for (const c of group.unmeshed) {
      if (c !== flow.target) {
        this.caller(c, target, flow.path, into);
      }
    }
  }

  /** Adds a calling service to `into`, or reports an unmeshed caller the mesh could not recognise. */
  public caller(caller: ServiceModel, target: string, path: string, into: CallerSet): void {
    if (caller.meshed) {
      into.addIdentity(caller, path);
      return;
    }
    const cidrs = this.callerCidrs.get(caller);
    if (cidrs) {
      into.addNetwork({ name: caller.name, cidrs, service: caller }, path);
      return;
    }
    this.report('ZT-MESH-011', path, `service "${caller.name}" is not meshed, so ${target} cannot authorize it by identity: mesh "${caller.name}", or set its \`callerCidrs\` to admit it by address (a NetworkAuthentication)`);
  }

  private report(code: string, path: string, message: string): void {
    if (!this.reported.has(`${path}\u0000${message}`)) {
      this.reported.add(`${path}\u0000${message}`);
      this.issues.add(code, path, message);
    }
  }
}
