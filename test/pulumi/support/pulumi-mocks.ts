import * as pulumi from '@pulumi/pulumi';

/** One resource the program registered, as the mock runtime saw it: type, logical name, resolved inputs. */
export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly inputs: Record<string, any>;
  readonly state: Record<string, any>;
}

/** The project and stack the mocks run as; config keys are `<project>:<key>`. */
export const MOCK_PROJECT = 'zt';
export const MOCK_STACK = 'test';

/** Outputs Keycloak computes, filled in the way the provider reports them. */
function computedState(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
  switch (type) {
    case 'keycloak:openid/client:Client':
      return inputs.serviceAccountsEnabled ? { serviceAccountUserId: `${name}#service-account-user` } : {};
    default:
      return {};
  }
}

/** The Keycloak provider uses the realm's name as the realm resource's ID. */
function idOf(type: string, name: string, inputs: Record<string, any>): string {
  return type === 'keycloak:index/realm:Realm' ? inputs.realm : `${name}#id`;
}

/**
 * Installs Pulumi's mock runtime (no engine, no provider plugin) with the given config and returns the list
 * every registered resource is appended to. Mocks are global to the process: call this before declaring
 * the program, once per program.
 */
export async function installMocks(config: Record<string, string> = {}, secretKeys: string[] = []): Promise<CapturedResource[]> {
  // A program that came before may still be registering (a component registers its outputs after its
  // constructor returned, or threw); let it finish against its own mocks.
  await drain();
  const captured: CapturedResource[] = [];
  await pulumi.runtime.setMocks({
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
      const state = { ...args.inputs, ...computedState(args.type, args.name, args.inputs) };
      const id = idOf(args.type, args.name, args.inputs);
      if (args.custom !== false) {
        captured.push({ type: args.type, name: args.name, id, inputs: args.inputs, state });
      }
      return { id, state };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
      throw new Error(`the realm program must not call provider functions (it called ${args.token})`);
    },
  }, MOCK_PROJECT, MOCK_STACK, false);
  const qualified = (k: string) => `${MOCK_PROJECT}:${k}`;
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [qualified(k), v])),
    secretKeys.map(qualified),
  );
  return captured;
}

/** Resolves once an output has a value (in the mock runtime every output resolves). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}

/** Waits until the runtime's queue of outstanding registrations is empty. */
export async function drain(): Promise<void> {
  // Internal to the SDK (its `disconnect` uses it), not in its typings.
  const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  if (!waitForRPCs) {
    throw new Error('@pulumi/pulumi no longer exposes runtime.waitForRPCs: update the test harness');
  }
  await waitForRPCs();
}

/** Waits until every resource has been registered with the mock runtime. */
export async function settled(resources: readonly pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((r) => valueOf(r.urn)));
  await drain();
}
