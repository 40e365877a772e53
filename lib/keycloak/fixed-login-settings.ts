/**
 * Login settings the blueprint does not expose: accounts are created by admins (or federation), so the
 * self-service paths stay closed. Shared by the realm import and the Pulumi program, whose argument
 * names are Keycloak's RealmRepresentation field names.
 */
export const FIXED_LOGIN_SETTINGS = {
  registrationEmailAsUsername: false,
  rememberMe: false,
  verifyEmail: false,
  loginWithEmailAllowed: true,
  duplicateEmailsAllowed: false,
  resetPasswordAllowed: false,
  editUsernameAllowed: false,
} as const;
