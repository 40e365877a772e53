import { AdmittedCallers, CallerGroupModel, MeshIdentityModel } from './mesh-model';
import { callerChunkName, callerGroupName } from './mesh-names';
import { ServiceModel, ZoneModel } from './model';

/**
 * Identities per MeshTLSAuthentication of a caller group. Far below 128 KiB (a ServiceAccount ref is at
 * most about 180 bytes of YAML with 63-character names, so a chunk stays under 90 KiB; about 34 KiB with
 * names like `svc-1234`), and fixed, so a zone flow adds a constant number of objects per target
 * whatever the size of the zone.
 */
export const CALLER_CHUNK_SIZE = 500;

const identityKey = (i: MeshIdentityModel) => `${i.namespace}/${i.serviceAccountName}`;
const byIdentity = (a: MeshIdentityModel, b: MeshIdentityModel) => a.namespace.localeCompare(b.namespace) || a.serviceAccountName.localeCompare(b.serviceAccountName);

/**
 * The caller groups of the blueprint, one per (target namespace, calling zone, except set), built once
 * and shared by every Server of that namespace that a zone flow reaches.
 */
export class CallerGroups {
  private readonly groups = new Map<string, CallerGroupModel>();
  private readonly members = new Map<CallerGroupModel, Set<string>>();

  constructor(private readonly servicesByZone: ReadonlyMap<ZoneModel, readonly ServiceModel[]>) {}

  /** The group of the zone's meshed services but `except`, for targets in `namespace`; undefined when it has none. */
  public of(namespace: string, zone: ZoneModel, except: readonly ServiceModel[]): CallerGroupModel | undefined {
    const exceptNames = except.map((s) => s.name).sort();
    const name = callerGroupName(zone.name, exceptNames);
    const key = `${namespace}/${name}`;
    if (!this.groups.has(key)) {
      const members = (this.servicesByZone.get(zone) ?? []).filter((s) => s.meshed && !except.includes(s));
      const identities = [...new Map(members.map((s) => [identityKey(s), s])).values()].sort(byIdentity);
      const count = Math.ceil(identities.length / CALLER_CHUNK_SIZE);
      const chunks = Array.from({ length: count }, (_, i) => ({
        name: callerChunkName(name, i, count),
        identities: identities.slice(i * CALLER_CHUNK_SIZE, (i + 1) * CALLER_CHUNK_SIZE),
      }));
      const group = { name, namespace, zoneName: zone.name, except: exceptNames, chunks };
      this.groups.set(key, group);
      this.members.set(group, new Set(identities.map(identityKey)));
    }
    const group = this.groups.get(key)!;
    return group.chunks.length > 0 ? group : undefined;
  }

  /** Whether one of `groups` admits `identity`. */
  public covers(groups: readonly CallerGroupModel[], identity: MeshIdentityModel): boolean {
    return groups.some((g) => this.members.get(g)?.has(identityKey(identity)));
  }
}

/** Every meshed identity `callers` admits: the individual ones and those of its groups. */
export function admittedIdentities(callers: AdmittedCallers): MeshIdentityModel[] {
  return [...callers.identities, ...callers.groups.flatMap((g) => g.chunks.flatMap((c) => c.identities))];
}
