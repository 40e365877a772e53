import { AdmittedCallers, CallerGroupModel, MeshIdentityModel } from './mesh-model';
import { FlowCallerGroupModel } from './flow-caller-groups';
import { identityKey } from './identity-key';
import { callerChunkName } from './mesh-names';
import { compareNames } from '../name-order';

/**
 * Identities per MeshTLSAuthentication of a caller group. Far below 128 KiB (a ServiceAccount ref is at
 * most about 180 bytes of YAML with 63-character names, so a chunk stays under 90 KiB; about 34 KiB with
 * names like `svc-1234`), and fixed, so a zone or role flow adds a constant number of objects per target
 * whatever the size of the zone or the number of a role's holders.
 */
export const CALLER_CHUNK_SIZE = 500;

const byIdentity = (a: MeshIdentityModel, b: MeshIdentityModel) => compareNames(a.namespace, b.namespace) || compareNames(a.serviceAccountName, b.serviceAccountName);

/**
 * The mesh side of the caller groups (zone and role flows, lib/model/flow-caller-groups.ts): the meshed
 * identities of each group, one per (target namespace, group), built once and shared by every Server and
 * route of that namespace that the group may call.
 */
export class CallerGroups {
  private readonly groups = new Map<string, CallerGroupModel>();
  private readonly members = new Map<CallerGroupModel, Set<string>>();

  /** The meshed identities of `source`, for targets in `namespace`; undefined when it has none. */
  public of(namespace: string, source: FlowCallerGroupModel): CallerGroupModel | undefined {
    const key = `${namespace}/${source.name}`;
    if (!this.groups.has(key)) {
      const members = source.members.filter((s) => s.meshed);
      const identities = [...new Map(members.map((s) => [identityKey(s), s])).values()].sort(byIdentity);
      const count = Math.ceil(identities.length / CALLER_CHUNK_SIZE);
      const chunks = Array.from({ length: count }, (_, i) => ({
        name: callerChunkName(source.name, i, count),
        identities: identities.slice(i * CALLER_CHUNK_SIZE, (i + 1) * CALLER_CHUNK_SIZE),
      }));
      const group = { name: source.name, namespace, description: source.description, except: source.except, chunks };
      this.groups.set(key, group);
      this.members.set(group, new Set(identities.map(identityKey)));
    }
    const group = this.groups.get(key)!;
    return group.chunks.length > 0 ? group : undefined;
  }

  /** Whether one of `groups` admits an identity, by its `identityKey`; undefined without groups. */
  public coverage(groups: readonly CallerGroupModel[]): ((key: string) => boolean) | undefined {
    if (groups.length === 0) {
      return undefined;
    }
    const sets: ReadonlySet<string>[] = [];
    for (const g of groups) {
      const members = this.members.get(g);
      if (members) sets.push(members);
    }
    return sets.length === 1 ? (key) => sets[0].has(key) : (key) => sets.some((members) => members.has(key));
  }
}

/** Every meshed identity `callers` admits: the individual ones and those of its groups. */
export function admittedIdentities(callers: AdmittedCallers): MeshIdentityModel[] {
  return [...callers.identities, ...callers.groups.flatMap((g) => g.chunks.flatMap((c) => c.identities))];
}
