import * as keycloak from '@pulumi/keycloak';
import { userProfileConfig } from '../keycloak/user-profile';
import { UserProfileAttributeModel } from '../model/keycloak-model';
import { RealmScope } from './realm-scope';

interface AttributeRep {
  readonly name: string;
  readonly displayName?: string;
  readonly group?: string;
  readonly multivalued?: boolean;
  readonly permissions?: { readonly view: string[]; readonly edit: string[] };
  readonly required?: { readonly roles?: string[]; readonly scopes?: string[] };
  readonly validations?: Record<string, Record<string, unknown>>;
  readonly annotations?: Record<string, unknown>;
}

interface GroupRep {
  readonly name: string;
  readonly displayHeader?: string;
  readonly displayDescription?: string;
  readonly annotations?: Record<string, unknown>;
}

/** A validator or annotation value as the provider takes it: text, with lists and objects as JSON. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function textMap(values: Record<string, unknown> | undefined): Record<string, string> | undefined {
  return values === undefined ? undefined : Object.fromEntries(Object.entries(values).map(([k, v]) => [k, text(v)]));
}

/**
 * The declarative user profile: the same profile the realm import carries (built-in attributes plus the
 * blueprint's, which only administrators may edit). `RealmUserProfile` replaces the realm's whole profile,
 * so the built-in attributes are part of it.
 */
export function realmUserProfileArgs(attributes: readonly UserProfileAttributeModel[], realmId: keycloak.RealmUserProfileArgs['realmId']): keycloak.RealmUserProfileArgs {
  const profile = userProfileConfig(attributes) as { attributes: AttributeRep[]; groups: GroupRep[] };
  return {
    realmId,
    attributes: profile.attributes.map((a) => ({
      name: a.name,
      displayName: a.displayName,
      group: a.group,
      multiValued: a.multivalued ?? false,
      permissions: a.permissions ? { views: [...a.permissions.view], edits: [...a.permissions.edit] } : undefined,
      requiredForRoles: a.required?.roles ? [...a.required.roles] : undefined,
      requiredForScopes: a.required?.scopes ? [...a.required.scopes] : undefined,
      validators: Object.entries(a.validations ?? {}).map(([name, config]) => ({ name, config: textMap(config) })),
      annotations: textMap(a.annotations),
    })),
    groups: profile.groups.map((g) => ({
      name: g.name,
      displayHeader: g.displayHeader,
      displayDescription: g.displayDescription,
      annotations: textMap(g.annotations),
    })),
  };
}

export function declareUserProfile(attributes: readonly UserProfileAttributeModel[], scope: RealmScope): keycloak.RealmUserProfile {
  return scope.declare(scope.names.of('user-profile'), (name, opts) =>
    new keycloak.RealmUserProfile(name, realmUserProfileArgs(attributes, scope.realmId), opts));
}
