import * as keycloak from '@pulumi/keycloak';
import { ClientModel, GroupModel } from '../model/keycloak-model';
import { RoleModel } from '../model/model';
import { RealmScope } from './realm-scope';

/** Realm roles by name. */
export type RealmRoles = ReadonlyMap<string, keycloak.Role>;
/** Client roles by client ID, then role name. */
export type ClientRoles = ReadonlyMap<string, ReadonlyMap<string, keycloak.Role>>;

/**
 * The realm roles, each a composite of the roles it includes (admin ⊃ operator ⊃ viewer). Composites are
 * role IDs, so a role is declared after the roles it includes, and a rename keeps every composite intact.
 */
export function declareRealmRoles(roles: readonly RoleModel[], scope: RealmScope): RealmRoles {
  const byName = new Map(roles.map((r) => [r.name, r]));
  const declared = new Map<string, keycloak.Role>();
  const visit = (role: RoleModel): keycloak.Role => {
    const existing = declared.get(role.name);
    if (existing) {
      return existing;
    }
    const includes = [...role.includes].sort().map((n) => visit(byName.get(n)!));
    const resource = scope.declare(scope.names.of('role', { role: role.name }), (name, opts) => new keycloak.Role(name, {
      realmId: scope.realmId,
      name: role.name,
      description: role.description,
      compositeRoles: includes.length > 0 ? includes.map((r) => r.id) : undefined,
    }, opts));
    declared.set(role.name, resource);
    return resource;
  };
  // English order whatever the machine's locale, as lib/name-order.ts gives the rest (this program builds on its own).
  [...roles].sort((a, b) => a.name.localeCompare(b.name, 'en')).forEach(visit);
  return declared;
}

/** Each client's own roles (`invoice-approver` of an API). */
export function declareClientRoles(
  clients: readonly ClientModel[],
  resources: ReadonlyMap<string, keycloak.openid.Client>,
  scope: RealmScope,
): ClientRoles {
  const result = new Map<string, Map<string, keycloak.Role>>();
  for (const client of clients) {
    const roles = new Map<string, keycloak.Role>();
    for (const role of client.roles) {
      roles.set(role.name, scope.declare(
        scope.names.of('client-role', { clientRole: [client.clientId, role.name] }),
        (name, opts) => new keycloak.Role(name, {
          realmId: scope.realmId,
          clientId: resources.get(client.clientId)!.id,
          name: role.name,
          description: role.description,
        }, opts),
      ));
    }
    result.set(client.clientId, roles);
  }
  return result;
}

/**
 * Groups and their role mappings. `GroupRoles` is exhaustive: a role granted to the group by hand in the admin
 * console is taken away again at the next `pulumi up`, as the blueprint is the only source of access.
 */
export function declareGroups(groups: readonly GroupModel[], realmRoles: RealmRoles, clientRoles: ClientRoles, scope: RealmScope): void {
  for (const group of groups) {
    const resource = scope.declare(scope.names.of('group', { group: group.name }), (name, opts) => new keycloak.Group(name, {
      realmId: scope.realmId,
      name: group.name,
    }, opts));
    const roleIds = [
      ...group.realmRoles.map((r) => realmRoles.get(r)!.id),
      ...group.clientRoles.flatMap((ref) => ref.roles.map((r) => clientRoles.get(ref.clientId)!.get(r)!.id)),
    ];
    scope.declare(scope.names.of('group-roles', { group: group.name }), (name, opts) => new keycloak.GroupRoles(name, {
      realmId: scope.realmId,
      groupId: resource.id,
      roleIds,
      exhaustive: true,
    }, opts));
  }
}
