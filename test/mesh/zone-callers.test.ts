import { describe, expect, it } from 'vitest';
import { MeshAuthorizationAnalyzer } from '../../lib';
import { requiredIdentityRefs } from '../support/mesh-authentications';
import { synthBlueprint } from '../support/synth';

// A zone caller at the mesh layer: its meshed services by ServiceAccount, never a `kind: Namespace` ref,
// which would also admit the namespace's `default` ServiceAccount and any made by hand (docs/mesh.md).

const props = {
  services: [
    { name: 'a', zone: 'app', ports: [{ name: 'http', port: 8080 }] },
    { name: 'b', zone: 'app', ports: [{ name: 'http', port: 8080 }] },
    { name: 'c', zone: 'app', ports: [{ name: 'http', port: 8080 }] },
    { name: 'db', zone: 'data', ports: [{ name: 'postgresql', port: 5432 }], allowFrom: [{ zone: 'app' }] },
  ],
};

describe('a zone caller in the mesh', () => {
  const manifests = synthBlueprint(props, { workloads: true });

  it('is the list of the zone\'s ServiceAccounts, in the zone\'s shared caller group', () => {
    const authn = manifests.find((m) => m.kind === 'MeshTLSAuthentication' && m.metadata.namespace === 'data' && m.metadata.name === 'zone-app-callers');
    expect(authn.spec.identityRefs).toEqual(['a', 'b', 'c'].map((name) => ({ kind: 'ServiceAccount', name, namespace: 'app' })));
    expect(requiredIdentityRefs(manifests, 'data', 'db-postgresql')).toEqual(['app/a', 'app/b', 'app/c']);
    expect(manifests.some((m) => m.kind === 'MeshTLSAuthentication' && m.metadata.name === 'db-postgresql')).toBe(false);
  });

  it('admits the zone\'s services and not another identity of their namespace', () => {
    const mesh = MeshAuthorizationAnalyzer.fromManifests(manifests);
    for (const sa of ['a', 'b', 'c']) {
      expect(mesh.authorize({ serviceAccountNamespace: 'app', serviceAccount: sa }, 'data', 'db', 5432).authorized, sa).toBe(true);
    }
    expect(mesh.authorize({ serviceAccountNamespace: 'app', serviceAccount: 'default' }, 'data', 'db', 5432).authorized).toBe(false);
  });
});
