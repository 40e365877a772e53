/** Roles by kind: realm roles, and client roles per client ID. Sorted. */
export interface RoleSet {
  readonly realm: string[];
  readonly client: { [clientId: string]: string[] };
}

/** The Keycloak roles a service-account client holds, as the realm import assigns them. */
export interface ServiceAccountRoles {
  readonly clientId: string;
  /** The roles assigned to the client's service-account user. */
  readonly direct: RoleSet;
  /** The direct roles and every role they include (composites), transitively: what its tokens can carry. */
  readonly effective: RoleSet;
}

/** The realm representations of the `KeycloakRealmImport`s among the manifests. */
export function importedRealms(manifests: readonly any[]): any[] {
  return manifests.filter((m) => m?.kind === 'KeycloakRealmImport' && String(m.apiVersion).startsWith('k8s.keycloak.org/')).map((m) => m.spec?.realm).filter(Boolean);
}

/**
 * The roles the service-account client `clientId` can obtain in `realm`: the realm and client roles of
 * its service-account user, and their composites. Undefined when the realm has no such client with
 * service accounts enabled.
 */
export function serviceAccountRoles(realm: any, clientId: string): ServiceAccountRoles | undefined {
  const client = (realm.clients ?? []).find((c: any) => c.clientId === clientId && c.serviceAccountsEnabled === true);
  if (!client) {
    return undefined;
  }
  const user = (realm.users ?? []).find((u: any) => u.serviceAccountClientId === clientId);
  const direct: RoleSet = sorted({ realm: [...(user?.realmRoles ?? [])], client: copy(user?.clientRoles ?? {}) });
  return { clientId, direct, effective: sorted(closure(realm, direct)) };
}

/** Every role reachable from `start` through the realm's composite roles. */
function closure(realm: any, start: RoleSet): RoleSet {
  const realmRoles = new Map<string, any>((realm.roles?.realm ?? []).map((r: any) => [r.name, r]));
  const clientRoles = (clientId: string) => new Map<string, any>((realm.roles?.client?.[clientId] ?? []).map((r: any) => [r.name, r]));
  const result: { realm: Set<string>; client: Map<string, Set<string>> } = { realm: new Set(), client: new Map() };
  const pending: Array<{ client?: string; name: string }> = [
    ...start.realm.map((name) => ({ name })),
    ...Object.entries(start.client).flatMap(([c, names]) => names.map((name) => ({ client: c, name }))),
  ];
  while (pending.length > 0) {
    const { client, name } = pending.pop()!;
    const seen = client === undefined ? result.realm : result.client.get(client) ?? new Set<string>();
    if (client !== undefined) {
      result.client.set(client, seen);
    }
    if (seen.has(name)) {
      continue;
    }
    seen.add(name);
    const role = client === undefined ? realmRoles.get(name) : clientRoles(client).get(name);
    pending.push(...(role?.composites?.realm ?? []).map((n: string) => ({ name: n })));
    for (const [c, names] of Object.entries<string[]>(role?.composites?.client ?? {})) {
      pending.push(...names.map((n) => ({ client: c, name: n })));
    }
  }
  return { realm: [...result.realm], client: Object.fromEntries([...result.client].map(([c, s]) => [c, [...s]])) };
}

function copy(clientRoles: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(clientRoles).map(([c, r]) => [c, [...r]]));
}

function sorted(set: RoleSet): RoleSet {
  const client: Record<string, string[]> = {};
  for (const c of Object.keys(set.client).sort()) {
    if (set.client[c].length > 0) {
      client[c] = [...set.client[c]].sort();
    }
  }
  return { realm: [...set.realm].sort(), client };
}

/** `realm-role` and `client/role` strings of a role set, sorted (for text and diffs). */
export function roleNames(set: RoleSet): string[] {
  return [...set.realm, ...Object.entries(set.client).flatMap(([c, roles]) => roles.map((r) => `${c}/${r}`))].sort();
}
