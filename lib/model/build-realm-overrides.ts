import { KeycloakProps } from '../blueprint/keycloak';
import { IssueCollector } from './errors';
import { RealmLoginSettingsModel, RealmOverridesModel } from './keycloak-model';

/**
 * Login settings the realm gets unless `keycloak.realmOverrides.login` says otherwise: accounts are created by
 * admins (or federation), so the self-service paths stay closed. The names are Keycloak's RealmRepresentation
 * fields, which the Pulumi provider's realm arguments share.
 */
export const DEFAULT_LOGIN_SETTINGS: RealmLoginSettingsModel = {
  registrationEmailAsUsername: false,
  rememberMe: false,
  verifyEmail: false,
  loginWithEmailAllowed: true,
  duplicateEmailsAllowed: false,
  resetPasswordAllowed: false,
  editUsernameAllowed: false,
};

/** The listener every realm keeps: events go to the server log, where the platform's log pipeline reads them. */
export const LOG_EVENTS_LISTENER = 'jboss-logging';

/** Realm attribute that holds the admin-event retention (derived from `security.events.retentionSeconds`). */
export const ADMIN_EVENTS_EXPIRATION_ATTRIBUTE = 'adminEventsExpiration';

/** Normalizes `keycloak.realmOverrides`: what the realm import, the realm file and the Pulumi program all read. */
export function buildRealmOverrides(kc: KeycloakProps, issues: IssueCollector): RealmOverridesModel {
  const props = kc.realmOverrides;
  const path = 'keycloak.realmOverrides';
  const login = { ...DEFAULT_LOGIN_SETTINGS };
  for (const key of Object.keys(DEFAULT_LOGIN_SETTINGS) as (keyof RealmLoginSettingsModel)[]) {
    login[key] = props?.login?.[key] ?? DEFAULT_LOGIN_SETTINGS[key];
  }
  const listeners = [LOG_EVENTS_LISTENER];
  (props?.eventsListeners ?? []).forEach((listener, i) => {
    if (listener.trim() === '') {
      issues.add('ZT-KC-501', `${path}.eventsListeners[${i}]`, 'an empty event listener name: give the provider ID of an installed listener, such as "email"');
    } else if (listeners.includes(listener)) {
      issues.add('ZT-KC-502', `${path}.eventsListeners[${i}]`, listener === LOG_EVENTS_LISTENER
        ? `"${LOG_EVENTS_LISTENER}" is always on (the log pipeline reads the events from the server log): remove it`
        : `event listener "${listener}" is listed twice`);
    } else {
      listeners.push(listener);
    }
  });
  const attributes = { ...(props?.attributes ?? {}) };
  if (ADMIN_EVENTS_EXPIRATION_ATTRIBUTE in attributes) {
    issues.add('ZT-KC-503', `${path}.attributes.${ADMIN_EVENTS_EXPIRATION_ATTRIBUTE}`, `the admin-event retention comes from \`keycloak.security.events.retentionSeconds\`: set it there`);
    delete attributes[ADMIN_EVENTS_EXPIRATION_ATTRIBUTE];
  }
  for (const field of ['loginTheme', 'accountTheme', 'emailTheme', 'displayNameHtml'] as const) {
    if (props?.[field] !== undefined && props[field]!.trim() === '') {
      issues.add('ZT-KC-504', `${path}.${field}`, `an empty ${field}: remove the field for Keycloak's default`);
    }
  }
  return {
    login,
    eventsListeners: listeners,
    attributes: Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    displayNameHtml: props?.displayNameHtml,
    loginTheme: props?.loginTheme,
    accountTheme: props?.accountTheme,
    emailTheme: props?.emailTheme,
  };
}
