import * as pulumi from '@pulumi/pulumi';

/**
 * Blueprint renames, new name → previous name. A renamed role, client or group keeps its Pulumi logical
 * names through an alias, so Pulumi updates the Keycloak object in place (same internal ID, same mappings)
 * instead of deleting it and creating a new one. Keep an entry until a `pulumi up` has run with it.
 */
export interface RealmRenames {
  /** Realm roles: `{ 'platform-operator': 'operator' }`. */
  readonly roles?: Readonly<Record<string, string>>;
  /** Client IDs: `{ 'billing-api': 'business-api' }`. */
  readonly clients?: Readonly<Record<string, string>>;
  /** Client roles, keyed `<clientId>/<role>` with the current client ID: `{ 'billing-api/approver': 'invoice-approver' }`. */
  readonly clientRoles?: Readonly<Record<string, string>>;
  /** Groups: `{ 'accounting': 'finance' }`. */
  readonly groups?: Readonly<Record<string, string>>;
}

/** One part of a logical name: a blueprint identifier that may be renamed, or fixed text. */
export type NamePart =
  | { readonly role: string }
  | { readonly client: string }
  | { readonly clientRole: readonly [clientId: string, role: string] }
  | { readonly group: string }
  /** Fixed text; `was` is what it read before a rename (a flow alias that names a renamed role). */
  | { readonly text: string; readonly was?: string };

/** The logical name of a resource and, when the blueprint renamed one of its parts, the name it had. */
export interface LogicalName {
  readonly name: string;
  readonly previous?: string;
}

/**
 * Pulumi logical names of the realm's resources: `<component>/<kind>/<key>`, the key made of the stable
 * blueprint identifiers (role names, client IDs, group names, flow aliases), never of list positions, so
 * adding or reordering blueprint entries never renames a resource. Kinds keep names of one Pulumi type
 * apart (a realm role and a client role are both `keycloak.Role`).
 */
export class ResourceNames {
  constructor(private readonly component: string, private readonly renames: RealmRenames = {}) {}

  public of(kind: string, ...parts: NamePart[]): LogicalName {
    const name = this.join(kind, parts.map((p) => this.current(p)));
    const previous = this.join(kind, parts.map((p) => this.previous(p)));
    return previous === name ? { name } : { name, previous };
  }

  /** A role's previous name (itself when not renamed). */
  public previousRole(role: string): string {
    return this.renames.roles?.[role] ?? role;
  }

  /** Resource options with the parent and, for a renamed part, an alias to the previous logical name. */
  public options(name: LogicalName, parent: pulumi.Resource, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
    return {
      ...extra,
      parent,
      ...(name.previous !== undefined ? { aliases: [{ name: name.previous }] } : {}),
    };
  }

  private join(kind: string, keys: string[]): string {
    return [this.component, kind, ...keys].join('/');
  }

  private current(part: NamePart): string {
    if ('role' in part) {
      return part.role;
    }
    if ('client' in part) {
      return part.client;
    }
    if ('clientRole' in part) {
      return part.clientRole.join('/');
    }
    if ('group' in part) {
      return part.group;
    }
    return part.text;
  }

  private previous(part: NamePart): string {
    if ('role' in part) {
      return this.previousRole(part.role);
    }
    if ('client' in part) {
      return this.renames.clients?.[part.client] ?? part.client;
    }
    if ('clientRole' in part) {
      const [clientId, role] = part.clientRole;
      return `${this.renames.clients?.[clientId] ?? clientId}/${this.renames.clientRoles?.[`${clientId}/${role}`] ?? role}`;
    }
    if ('group' in part) {
      return this.renames.groups?.[part.group] ?? part.group;
    }
    return part.was ?? part.text;
  }
}
