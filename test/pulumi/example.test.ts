// The Pulumi example program (examples/pulumi) runs in the mock runtime against the reference blueprint.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../lib/model/build-model';
import { ZeroTrustBlueprint } from '../../lib';
import { REFERENCE_BLUEPRINT } from './fixtures';
import { drain, installMocks, valueOf } from './support/pulumi-mocks';
import { testSecretValue } from './support/run-program';

describe('examples/pulumi', () => {
  it('declares the reference realm and exports its name and client IDs', async () => {
    const realm = buildModel(ZeroTrustBlueprint.loadProps(REFERENCE_BLUEPRINT)).keycloak!.realm;
    const keys = realm.clients.filter((c) => c.secret).map((c) => c.secret!.placeholder);
    const resources = await installMocks(Object.fromEntries(keys.map((k) => [k, testSecretValue(k)])), keys);
    // The program declares its resources when its module loads: load it only now that the mocks are set.
    const program = await import('../../examples/pulumi/index.js');
    expect(await valueOf(program.realmName)).toBe('platform');
    const clientIds = await Promise.all(Object.entries(program.clientIds).map(async ([id, out]) => [id, await valueOf(out)]));
    expect(Object.fromEntries(clientIds)).toEqual({
      'business-api': 'platform/client/business-api#id',
      'ml-service': 'platform/client/ml-service#id',
      'web-app': 'platform/client/web-app#id',
      'worker': 'platform/client/worker#id',
    });
    await drain();
    expect(resources.filter((r) => r.type === 'keycloak:index/realm:Realm').map((r) => r.inputs.realm)).toEqual(['platform']);
    expect(resources.filter((r) => r.type === 'keycloak:index/role:Role' && r.inputs.clientId === undefined).map((r) => r.inputs.name).sort())
      .toEqual(realm.roles.map((r) => r.name).sort());
  });
});
