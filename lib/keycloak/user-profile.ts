import { UserProfileAttributeModel } from '../model/keycloak-model';

/** The component that holds the declarative user profile (Keycloak 24+ stores its JSON in this config key). */
export const USER_PROFILE_PROVIDER = 'org.keycloak.userprofile.UserProfileProvider';
export const USER_PROFILE_CONFIG_KEY = 'kc.user.profile.config';

const BOTH = ['admin', 'user'];
const ADMIN = ['admin'];

/**
 * The user profile: Keycloak's four built-in attributes plus the blueprint's, which users may see but only
 * administrators may change (a user who could edit `department` could grant himself whatever it decides).
 * Display names are plain text: a `${...}` message key would be taken for an import placeholder.
 */
export function userProfileConfig(attributes: readonly UserProfileAttributeModel[]): Record<string, unknown> {
  const builtIn = [
    {
      name: 'username',
      displayName: 'Username',
      validations: { 'length': { min: 3, max: 255 }, 'username-prohibited-characters': {}, 'up-username-not-idn-homograph': {} },
      permissions: { view: BOTH, edit: BOTH },
      multivalued: false,
    },
    {
      name: 'email',
      displayName: 'Email',
      validations: { email: {}, length: { max: 255 } },
      required: { roles: ['user'] },
      permissions: { view: BOTH, edit: BOTH },
      multivalued: false,
    },
    ...['firstName', 'lastName'].map((name) => ({
      name,
      displayName: name === 'firstName' ? 'First name' : 'Last name',
      validations: { 'length': { max: 255 }, 'person-name-prohibited-characters': {} },
      required: { roles: ['user'] },
      permissions: { view: BOTH, edit: BOTH },
      multivalued: false,
    })),
  ];
  const custom = attributes.map((a) => ({
    name: a.name,
    displayName: a.displayName,
    validations: { length: { max: 255 } },
    permissions: { view: BOTH, edit: ADMIN },
    multivalued: false,
    group: 'organization',
  }));
  return {
    attributes: [...builtIn, ...custom],
    groups: [
      { name: 'user-metadata', displayHeader: 'User metadata', displayDescription: 'Attributes, which refer to user metadata' },
      { name: 'organization', displayHeader: 'Organization', displayDescription: 'Set by administrators; carried as token claims' },
    ],
  };
}

/** The realm's `components` entry for the user profile. */
export function userProfileComponents(attributes: readonly UserProfileAttributeModel[]): Record<string, unknown> {
  return {
    [USER_PROFILE_PROVIDER]: [{
      providerId: 'declarative-user-profile',
      subComponents: {},
      config: { [USER_PROFILE_CONFIG_KEY]: [JSON.stringify(userProfileConfig(attributes))] },
    }],
  };
}
