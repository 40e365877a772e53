// The realm's authentication flows. A realm import that carries `authenticationFlows` gets exactly those
// flows and none of Keycloak's defaults, so every flow a realm binds is emitted here: browser and direct
// grant with OTP required by role, and the standard registration, reset-credentials, client, first-broker-
// login and docker flows. Only authenticators that exist in every Keycloak 26 release are used.
import { compareNames } from '../name-order';

type Requirement = 'REQUIRED' | 'ALTERNATIVE' | 'CONDITIONAL' | 'DISABLED';

interface Step {
  readonly authenticator?: string;
  /** A sub-flow, by alias. */
  readonly flow?: string;
  readonly requirement: Requirement;
  readonly config?: string;
}

interface Flow {
  readonly alias: string;
  readonly description: string;
  readonly providerId: 'basic-flow' | 'client-flow' | 'form-flow';
  readonly topLevel: boolean;
  readonly steps: readonly Step[];
}

/** Aliases of the flows the realm binds (`browserFlow`, `directGrantFlow`, ...). */
export const FLOW_BINDINGS = {
  browserFlow: 'browser with role-based OTP',
  directGrantFlow: 'direct grant with role-based OTP',
  registrationFlow: 'registration',
  resetCredentialsFlow: 'reset credentials',
  clientAuthenticationFlow: 'clients',
  firstBrokerLoginFlow: 'first broker login',
  dockerAuthenticationFlow: 'docker auth',
} as const;

/** Alias of the `conditional-user-role` configuration for one role. */
export function roleConditionAlias(role: string): string {
  return `holds role ${role}`;
}

/**
 * Sub-flows that require OTP from holders of each role: Keycloak's role condition takes one role, and the
 * conditions of one sub-flow are ANDed, so each role gets its own conditional sub-flow.
 */
function otpByRole(prefix: string, otpRoles: readonly string[], otpAuthenticator: string): { steps: Step[]; flows: Flow[] } {
  const flows = otpRoles.map((role): Flow => ({
    alias: `${prefix} - OTP for role ${role}`,
    description: `One-time password for users holding role ${role}`,
    providerId: 'basic-flow',
    topLevel: false,
    steps: [
      { authenticator: 'conditional-user-role', requirement: 'REQUIRED', config: roleConditionAlias(role) },
      { authenticator: otpAuthenticator, requirement: 'REQUIRED' },
    ],
  }));
  return { steps: flows.map((f) => ({ flow: f.alias, requirement: 'CONDITIONAL' })), flows };
}

function allFlows(otpRoles: readonly string[]): Flow[] {
  const browserOtp = otpByRole('Browser', otpRoles, 'auth-otp-form');
  const directGrantOtp = otpByRole('Direct Grant', otpRoles, 'direct-grant-validate-otp');
  return [
    {
      alias: FLOW_BINDINGS.browserFlow,
      description: 'Browser login: SSO cookie or identity provider, else username and password, then OTP for the roles that require it',
      providerId: 'basic-flow',
      topLevel: true,
      steps: [
        { authenticator: 'auth-cookie', requirement: 'ALTERNATIVE' },
        { authenticator: 'identity-provider-redirector', requirement: 'ALTERNATIVE' },
        { flow: 'browser forms', requirement: 'ALTERNATIVE' },
      ],
    },
    {
      alias: 'browser forms',
      description: 'Username and password, then OTP by role',
      providerId: 'basic-flow',
      topLevel: false,
      steps: [{ authenticator: 'auth-username-password-form', requirement: 'REQUIRED' }, ...browserOtp.steps],
    },
    ...browserOtp.flows,
    {
      alias: FLOW_BINDINGS.directGrantFlow,
      description: 'Resource owner password grant: username, password, then OTP for the roles that require it',
      providerId: 'basic-flow',
      topLevel: true,
      steps: [
        { authenticator: 'direct-grant-validate-username', requirement: 'REQUIRED' },
        { authenticator: 'direct-grant-validate-password', requirement: 'REQUIRED' },
        ...directGrantOtp.steps,
      ],
    },
    ...directGrantOtp.flows,
    {
      alias: FLOW_BINDINGS.registrationFlow,
      description: 'Registration flow',
      providerId: 'basic-flow',
      topLevel: true,
      steps: [{ authenticator: 'registration-page-form', flow: 'registration form', requirement: 'REQUIRED' }],
    },
    {
      alias: 'registration form',
      description: 'Registration form',
      providerId: 'form-flow',
      topLevel: false,
      steps: [
        { authenticator: 'registration-user-creation', requirement: 'REQUIRED' },
        { authenticator: 'registration-password-action', requirement: 'REQUIRED' },
        { authenticator: 'registration-recaptcha-action', requirement: 'DISABLED' },
      ],
    },
    {
      alias: FLOW_BINDINGS.resetCredentialsFlow,
      description: 'Reset credentials for a user if they forgot their password or something',
      providerId: 'basic-flow',
      topLevel: true,
      steps: [
        { authenticator: 'reset-credentials-choose-user', requirement: 'REQUIRED' },
        { authenticator: 'reset-credential-email', requirement: 'REQUIRED' },
        { authenticator: 'reset-password', requirement: 'REQUIRED' },
        { flow: 'Reset - Conditional OTP', requirement: 'CONDITIONAL' },
      ],
    },
    {
      alias: 'Reset - Conditional OTP',
      description: 'Flow to determine if the OTP should be reset or not. Set to REQUIRED to force.',
      providerId: 'basic-flow',
      topLevel: false,
      steps: [
        { authenticator: 'conditional-user-configured', requirement: 'REQUIRED' },
        { authenticator: 'reset-otp', requirement: 'REQUIRED' },
      ],
    },
    {
      alias: FLOW_BINDINGS.clientAuthenticationFlow,
      description: 'Base authentication for clients',
      providerId: 'client-flow',
      topLevel: true,
      steps: [
        { authenticator: 'client-secret', requirement: 'ALTERNATIVE' },
        { authenticator: 'client-jwt', requirement: 'ALTERNATIVE' },
        { authenticator: 'client-secret-jwt', requirement: 'ALTERNATIVE' },
        { authenticator: 'client-x509', requirement: 'ALTERNATIVE' },
      ],
    },
    {
      alias: FLOW_BINDINGS.firstBrokerLoginFlow,
      description: 'Actions taken after first broker login with identity provider account, which is not yet linked to any Keycloak account',
      providerId: 'basic-flow',
      topLevel: true,
      steps: [
        { authenticator: 'idp-review-profile', requirement: 'REQUIRED', config: 'review profile config' },
        { flow: 'User creation or linking', requirement: 'REQUIRED' },
      ],
    },
    {
      alias: 'User creation or linking',
      description: 'Flow for the existing/non-existing user alternatives',
      providerId: 'basic-flow',
      topLevel: false,
      steps: [
        { authenticator: 'idp-create-user-if-unique', requirement: 'ALTERNATIVE', config: 'create unique user config' },
        { flow: 'Handle Existing Account', requirement: 'ALTERNATIVE' },
      ],
    },
    {
      alias: 'Handle Existing Account',
      description: 'Handle what to do if there is existing account with same email/username like authenticated identity provider',
      providerId: 'basic-flow',
      topLevel: false,
      steps: [
        { authenticator: 'idp-confirm-link', requirement: 'REQUIRED' },
        { flow: 'Account verification options', requirement: 'REQUIRED' },
      ],
    },
    {
      alias: 'Account verification options',
      description: 'Method with which to verity the existing account',
      providerId: 'basic-flow',
      topLevel: false,
      steps: [
        { authenticator: 'idp-email-verification', requirement: 'ALTERNATIVE' },
        { flow: 'Verify Existing Account by Re-authentication', requirement: 'ALTERNATIVE' },
      ],
    },
    {
      alias: 'Verify Existing Account by Re-authentication',
      description: 'Reauthentication of existing account',
      providerId: 'basic-flow',
      topLevel: false,
      steps: [
        { authenticator: 'idp-username-password-form', requirement: 'REQUIRED' },
        { flow: 'First broker login - Conditional OTP', requirement: 'CONDITIONAL' },
      ],
    },
    {
      alias: 'First broker login - Conditional OTP',
      description: 'Flow to determine if the OTP is required for the authentication',
      providerId: 'basic-flow',
      topLevel: false,
      steps: [
        { authenticator: 'conditional-user-configured', requirement: 'REQUIRED' },
        { authenticator: 'auth-otp-form', requirement: 'REQUIRED' },
      ],
    },
    {
      alias: FLOW_BINDINGS.dockerAuthenticationFlow,
      description: 'Used by Docker clients to authenticate against the IDP',
      providerId: 'basic-flow',
      topLevel: true,
      steps: [{ authenticator: 'docker-http-basic-authenticator', requirement: 'REQUIRED' }],
    },
  ];
}

/** The realm's `authenticationFlows`, `authenticatorConfig` and flow bindings. */
export function authenticationFlows(otpRoles: readonly string[]): Record<string, unknown> {
  const flows = allFlows(otpRoles).map((flow) => ({
    alias: flow.alias,
    description: flow.description,
    providerId: flow.providerId,
    topLevel: flow.topLevel,
    builtIn: false,
    authenticationExecutions: flow.steps.map((step, i) => ({
      ...(step.authenticator !== undefined ? { authenticator: step.authenticator } : {}),
      ...(step.config !== undefined ? { authenticatorConfig: step.config } : {}),
      authenticatorFlow: step.flow !== undefined,
      ...(step.flow !== undefined ? { flowAlias: step.flow } : {}),
      requirement: step.requirement,
      priority: (i + 1) * 10,
      userSetupAllowed: false,
    })),
  }));
  const authenticatorConfig = [
    { alias: 'create unique user config', config: { 'require.password.update.after.registration': 'false' } },
    { alias: 'review profile config', config: { 'update.profile.on.first.login': 'missing' } },
    ...otpRoles.map((role) => ({ alias: roleConditionAlias(role), config: { condUserRole: role, negate: 'false' } })),
  ].sort((a, b) => compareNames(a.alias, b.alias));
  return { authenticationFlows: flows, authenticatorConfig, ...FLOW_BINDINGS };
}
