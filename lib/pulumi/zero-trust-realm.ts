import * as keycloak from '@pulumi/keycloak';
import * as pulumi from '@pulumi/pulumi';
import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { buildModel } from '../model/build-model';
import { BlueprintError } from '../model/errors';
import { RealmModel } from '../model/keycloak-model';
import { ZeroTrustBlueprint } from '../zero-trust-blueprint';
import { clientSecretSource } from './client-secrets';
import { declareClientAccess, declareClients } from './realm-clients';
import { declareFlows } from './realm-flows';
import { declareHardening } from './realm-hardening';
import { declareClientRoles, declareGroups, declareRealmRoles } from './realm-roles';
import { RealmScope } from './realm-scope';
import { declareRealm, realmEventsArgs } from './realm-settings';
import { declareUserProfile } from './realm-user-profile';
import { RealmRenames, ResourceNames } from './resource-names';

export interface ZeroTrustRealmArgs {
  /** The blueprint. Give this or `blueprintFile`. */
  readonly blueprint?: ZeroTrustBlueprintProps;

  /** A blueprint YAML or JSON file, read and validated like `ZeroTrustBlueprint.fromFile`. */
  readonly blueprintFile?: string;

  /**
   * Secrets of confidential clients by client ID.
   * @default - Pulumi config secrets named like the realm import's placeholders (`CLIENT_SECRET_<CLIENT_ID>`)
   */
  readonly clientSecrets?: Readonly<Record<string, pulumi.Input<string>>>;

  /**
   * Config namespace of the client secrets.
   * @default - the project's
   */
  readonly secretsConfigNamespace?: string;

  /**
   * Roles, clients and groups renamed in the blueprint since the last `pulumi up` (new name → previous
   * name): their resources are updated in place instead of replaced.
   * @default - none
   */
  readonly renames?: RealmRenames;

  /**
   * Protect the realm resource: `pulumi destroy`, or a change that would replace the realm (a realm rename),
   * fails instead of deleting the realm with its users.
   * @default true
   */
  readonly protectRealm?: boolean;
}

/** The realm of a blueprint, read from its normalized model. Throws when the blueprint has no `keycloak`. */
export function loadRealmModel(args: Pick<ZeroTrustRealmArgs, 'blueprint' | 'blueprintFile'>): RealmModel {
  if ((args.blueprint === undefined) === (args.blueprintFile === undefined)) {
    throw new Error('ZeroTrustRealm needs exactly one of `blueprint` and `blueprintFile`');
  }
  const props = args.blueprint ?? ZeroTrustBlueprint.loadProps(args.blueprintFile!);
  const model = buildModel(props, args.blueprintFile);
  if (!model.keycloak) {
    throw new BlueprintError([{ code: 'ZT-KC-900', path: 'keycloak', message: 'the blueprint declares no Keycloak realm: add `keycloak` (hostname, clients, groups)' }], args.blueprintFile);
  }
  return model.keycloak.realm;
}

/**
 * The blueprint's Keycloak realm as live Keycloak resources, reconciled by `pulumi up` (create, update,
 * delete): settings and events, realm roles with composites, client roles, groups with their roles, clients
 * with audience and claim mappers, service-account roles and scope mappings, the user profile, and the MFA
 * flows with the realm's flow bindings. It reads the same normalized model as the realm import, so both
 * describe the same realm.
 *
 * Logical names are `<name>/<kind>/<key>`, keyed by role names, client IDs, group names and flow aliases.
 */
export class ZeroTrustRealm extends pulumi.ComponentResource {
  public static readonly TYPE = 'cdk8s-zero-trust:keycloak:ZeroTrustRealm';

  /** The realm model the resources were declared from. */
  public readonly model: RealmModel;
  public readonly realm: keycloak.Realm;
  /** The realm's name, which is also its ID in every Keycloak resource. */
  public readonly realmId: pulumi.Output<string>;
  /** Clients by client ID. */
  public readonly clients: Readonly<Record<string, keycloak.openid.Client>>;
  /** Realm roles by name. */
  public readonly roles: Readonly<Record<string, keycloak.Role>>;
  /** Every resource of the realm, the realm first. */
  public readonly resources: readonly pulumi.CustomResource[];

  constructor(name: string, args: ZeroTrustRealmArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ZeroTrustRealm.TYPE, name, {}, opts);
    const realm = loadRealmModel(args);
    this.model = realm;
    const names = new ResourceNames(name, args.renames);

    this.realm = declareRealm(realm, names, this, args.protectRealm ?? true);
    this.realmId = this.realm.id;
    const scope = new RealmScope(this, names, this.realm.id);
    scope.declared.push(this.realm);

    scope.declare(names.of('events'), (n, o) => new keycloak.RealmEvents(n, realmEventsArgs(realm, scope.realmId), o));
    declareUserProfile(realm.userProfileAttributes, scope);

    const realmRoles = declareRealmRoles(realm.roles, scope);
    const secretOf = clientSecretSource(new pulumi.Config(args.secretsConfigNamespace), args.clientSecrets);
    const clients = declareClients(realm.clients, secretOf, scope);
    const clientRoles = declareClientRoles(realm.clients, clients, scope);
    declareGroups(realm.groups, realmRoles, clientRoles, scope);
    declareClientAccess(realm.clients, realm.claims, clients, realmRoles, clientRoles, scope);
    declareFlows(realm.otpRoles, realm.otpRoles.map((r) => names.previousRole(r)), scope, [...realmRoles.values()]);
    declareHardening(realm, clients, scope);

    this.clients = Object.fromEntries(clients);
    this.roles = Object.fromEntries(realmRoles);
    this.resources = scope.declared;
    this.registerOutputs({ realmId: this.realmId });
  }
}
