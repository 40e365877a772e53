import * as keycloak from '@pulumi/keycloak';
import * as pulumi from '@pulumi/pulumi';
import { authenticationFlows, FLOW_BINDINGS } from '../keycloak/authentication-flows';
import { RealmScope } from './realm-scope';

/**
 * Top-level flows Keycloak creates in every realm made through the admin API (DefaultAuthenticationFlows).
 * A realm import with `authenticationFlows` gets none of them, so the import carries copies; a realm made by
 * Pulumi already has them, and declaring a flow with one of these aliases would conflict. Bindings to them
 * name Keycloak's own flow.
 */
export const KEYCLOAK_DEFAULT_FLOWS: readonly string[] = [
  'browser', 'direct grant', 'registration', 'reset credentials', 'clients', 'first broker login', 'docker auth', 'saml ecp',
];

/** Which flow each realm binding uses (`browserFlow` → alias). */
export type FlowBindingName = keyof typeof FLOW_BINDINGS;

/**
 * The alias of one execution's configuration. A realm import may let several executions share one config
 * (the browser and direct-grant role conditions do); the admin API refuses a second config with an alias
 * that exists (Keycloak 25 and later), so each execution gets its own, named after its flow.
 */
export function executionConfigAlias(configAlias: string, flowAlias: string): string {
  return `${configAlias} (${flowAlias})`;
}

interface ExecutionRep {
  readonly authenticator?: string;
  readonly authenticatorConfig?: string;
  readonly authenticatorFlow: boolean;
  readonly flowAlias?: string;
  readonly requirement: string;
  readonly priority: number;
}

interface FlowRep {
  readonly alias: string;
  readonly description: string;
  readonly providerId: string;
  readonly topLevel: boolean;
  readonly authenticationExecutions: readonly ExecutionRep[];
}

interface ConfigRep {
  readonly alias: string;
  readonly config: Record<string, string>;
}

/** The realm's flows: the same definitions the realm import carries, one source for both. */
interface Flows {
  readonly flows: readonly FlowRep[];
  readonly configs: ReadonlyMap<string, ConfigRep>;
  readonly bindings: Readonly<Record<FlowBindingName, string>>;
}

function flowsFor(otpRoles: readonly string[]): Flows {
  const rep = authenticationFlows(otpRoles) as unknown as {
    authenticationFlows: FlowRep[];
    authenticatorConfig: ConfigRep[];
  } & Record<FlowBindingName, string>;
  const bindings = Object.fromEntries(
    (Object.keys(FLOW_BINDINGS) as FlowBindingName[]).map((b) => [b, rep[b]]),
  ) as Record<FlowBindingName, string>;
  return { flows: rep.authenticationFlows, configs: new Map(rep.authenticatorConfig.map((c) => [c.alias, c])), bindings };
}

/**
 * The MFA flows (browser and direct grant with OTP required by role) as Flow, Subflow, Execution and
 * ExecutionConfig resources, and the realm's flow bindings. Every execution carries its priority, and each
 * waits for the one before it, so the order is the import's on every Keycloak version.
 *
 * `previousOtpRoles` are the same roles under their names before a blueprint rename (same order): flows
 * and configs whose alias names a renamed role keep their logical names through an alias.
 */
export function declareFlows(
  otpRoles: readonly string[],
  previousOtpRoles: readonly string[],
  scope: RealmScope,
  /** Resources the execution configs wait for: a role condition names a role, which must exist first. */
  configDependsOn: readonly pulumi.Resource[] = [],
): keycloak.authentication.Bindings {
  const now = flowsFor(otpRoles);
  const before = flowsFor(previousOtpRoles);
  const byAlias = new Map(now.flows.map((f, i) => [f.alias, { flow: f, was: before.flows[i] }]));
  const { names, realmId } = scope;
  const declaredTopLevel = new Map<string, pulumi.Output<string>>();

  const declareExecutions = (flow: FlowRep, was: FlowRep, parentAlias: pulumi.Output<string>): void => {
    let previous: pulumi.Resource | undefined;
    flow.authenticationExecutions.forEach((step, i) => {
      const wasStep = was.authenticationExecutions[i];
      const dependsOn = previous ? [previous] : [];
      if (step.authenticatorFlow) {
        const sub = byAlias.get(step.flowAlias!)!;
        const resource = scope.declare(
          names.of('subflow', { text: sub.flow.alias, was: sub.was.alias }),
          (name, opts) => new keycloak.authentication.Subflow(name, {
            realmId,
            parentFlowAlias: parentAlias,
            alias: sub.flow.alias,
            description: sub.flow.description,
            providerId: sub.flow.providerId,
            // A form sub-flow runs inside its form authenticator (the registration page).
            authenticator: step.authenticator,
            requirement: step.requirement,
            priority: step.priority,
          }, opts),
          { dependsOn },
        );
        declareExecutions(sub.flow, sub.was, resource.alias);
        previous = resource;
        return;
      }
      const key = { text: `${flow.alias}/${step.authenticator}`, was: `${was.alias}/${wasStep.authenticator}` };
      const execution = scope.declare(names.of('execution', key), (name, opts) => new keycloak.authentication.Execution(name, {
        realmId,
        parentFlowAlias: parentAlias,
        authenticator: step.authenticator!,
        requirement: step.requirement,
        priority: step.priority,
      }, opts), { dependsOn });
      if (step.authenticatorConfig !== undefined) {
        const config = now.configs.get(step.authenticatorConfig)!;
        const alias = executionConfigAlias(config.alias, flow.alias);
        scope.declare(
          names.of('execution-config', { text: alias, was: executionConfigAlias(wasStep.authenticatorConfig!, was.alias) }),
          (name, opts) => new keycloak.authentication.ExecutionConfig(name, {
            realmId,
            executionId: execution.id,
            alias,
            config: { ...config.config },
          }, opts),
          { dependsOn: [...configDependsOn] },
        );
      }
      previous = execution;
    });
  };

  now.flows.forEach((flow, i) => {
    if (!flow.topLevel || KEYCLOAK_DEFAULT_FLOWS.includes(flow.alias)) {
      return;
    }
    const was = before.flows[i];
    const resource = scope.declare(names.of('flow', { text: flow.alias, was: was.alias }), (name, opts) => new keycloak.authentication.Flow(name, {
      realmId,
      alias: flow.alias,
      description: flow.description,
      providerId: flow.providerId,
    }, opts));
    declaredTopLevel.set(flow.alias, resource.alias);
    declareExecutions(flow, was, resource.alias);
  });

  const binding = (b: FlowBindingName): pulumi.Input<string> => {
    const alias = now.bindings[b];
    const declared = declaredTopLevel.get(alias);
    if (declared) {
      return declared;
    }
    if (!KEYCLOAK_DEFAULT_FLOWS.includes(alias)) {
      throw new Error(`realm binding ${b} names flow "${alias}", which is neither declared nor one of Keycloak's default flows`);
    }
    return alias;
  };
  return scope.declare(names.of('flow-bindings'), (name, opts) => new keycloak.authentication.Bindings(name, {
    realmId,
    browserFlow: binding('browserFlow'),
    directGrantFlow: binding('directGrantFlow'),
    registrationFlow: binding('registrationFlow'),
    resetCredentialsFlow: binding('resetCredentialsFlow'),
    clientAuthenticationFlow: binding('clientAuthenticationFlow'),
    firstBrokerLoginFlow: binding('firstBrokerLoginFlow'),
    dockerAuthenticationFlow: binding('dockerAuthenticationFlow'),
  }, opts));
}
