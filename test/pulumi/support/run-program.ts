import * as pulumi from '@pulumi/pulumi';
import { ZeroTrustBlueprintProps } from '../../../lib';
import { buildModel } from '../../../lib/model/build-model';
import { RealmModel } from '../../../lib/model/keycloak-model';
import { ZeroTrustRealm, ZeroTrustRealmArgs } from '../../../lib/pulumi';
import { CapturedResource, installMocks, settled } from './pulumi-mocks';

/** The test value of a client secret in Pulumi config: recognisable, so a shape can name its source. */
export function testSecretValue(configKey: string): string {
  return `test-secret-of-${configKey}`;
}

export interface ProgramRun {
  readonly realm: RealmModel;
  readonly component: ZeroTrustRealm;
  readonly resources: CapturedResource[];
  /** `placeholder <KEY>` for a secret value the run put into config. */
  readonly secretLabel: (value: string) => string | undefined;
}

/**
 * Runs the realm program for a blueprint in the mock runtime, with every confidential client's secret in
 * Pulumi config (as a secret), and returns what it declared.
 */
export async function runProgram(
  blueprint: ZeroTrustBlueprintProps,
  opts: { name?: string; args?: Partial<ZeroTrustRealmArgs>; resourceOptions?: pulumi.ComponentResourceOptions; config?: Record<string, string> } = {},
): Promise<ProgramRun> {
  const realm = buildModel(blueprint).keycloak!.realm;
  const keys = realm.clients.filter((c) => c.secret).map((c) => c.secret!.placeholder);
  const config = opts.config ?? Object.fromEntries(keys.map((k) => [k, testSecretValue(k)]));
  const resources = await installMocks(config, Object.keys(config));
  // The program declares its resources when the component is constructed, which is after the mocks are in
  // place (importing the module declares nothing).
  const component = new ZeroTrustRealm(opts.name ?? realm.name, { blueprint, ...opts.args }, opts.resourceOptions);
  await settled(component.resources);
  const labels = new Map(keys.map((k) => [testSecretValue(k), `placeholder ${k}`]));
  return { realm, component, resources, secretLabel: (v) => labels.get(v) };
}

/** The captured resources of one Pulumi type, by logical name. */
export function ofType(resources: readonly CapturedResource[], type: string): Map<string, CapturedResource> {
  return new Map(resources.filter((r) => r.type === type).map((r) => [r.name, r]));
}
