import { createHash } from 'crypto';
import { Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MeshAuthorizationAnalyzer, ServiceProps, ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { issuesOf } from '../support/blueprint-issues';
import { requiredIdentityRefs } from '../support/mesh-authentications';
import { synthBlueprint } from '../support/synth';

// Structural properties of zone callers at the mesh layer (counts and sizes, never time): each target a
// zone flow reaches adds one AuthorizationPolicy per chunk of the zone's shared caller group, and the
// group's MeshTLSAuthentications exist once per target namespace, in chunks of at most CHUNK identities.

/** The chunk size the issue fixes: a MeshTLSAuthentication of 500 ServiceAccount refs is far below 128 KiB. */
const CHUNK = 500;
const SERVICE_LABEL = 'zero-trust.cdk8s.io/service';
const LINKERD = new Set(['Server', 'AuthorizationPolicy', 'MeshTLSAuthentication', 'NetworkAuthentication', 'HTTPRoute']);

/** A zone `app` of `size` services, each of `targets` databases in `data` allowing the zone (but `except`). */
function blueprint(size: number, targets: number, except: string[] = []): ZeroTrustBlueprintProps {
  const services: ServiceProps[] = Array.from({ length: size }, (_, i) => ({ name: `svc-${i}`, zone: 'app', ports: [{ name: 'http', port: 8080 }] }));
  for (let t = 0; t < targets; t++) {
    services.push({ name: `db-${t}`, zone: 'data', ports: [{ name: 'postgresql', port: 5432 }], allowFrom: [{ zone: 'app', except: except.length > 0 ? except : undefined }] });
  }
  return { services };
}

const linkerd = (manifests: any[]) => manifests.filter((m) => LINKERD.has(m.kind) && String(m.apiVersion).startsWith('policy.linkerd.io/'));
/** Linkerd objects carrying a target's service label: what the target itself adds. */
const ofTarget = (manifests: any[], name: string) => linkerd(manifests).filter((m) => m.metadata.labels?.[SERVICE_LABEL] === name);
const groupAuthentications = (manifests: any[]) => manifests.filter((m) => m.kind === 'MeshTLSAuthentication' && m.metadata.namespace === 'data' && m.metadata.name.startsWith('zone-app-callers'));

describe('a zone caller group', () => {
  it('adds the same Linkerd objects per target whatever the zone\'s size, below one chunk (generated sizes, targets and exceptions)', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), (size, targets, except) => {
      const manifests = synthBlueprint(blueprint(size, targets, except ? ['svc-1'] : []));
      for (let t = 0; t < targets; t++) {
        const kinds = ofTarget(manifests, `db-${t}`).map((m) => m.kind).sort();
        expect(kinds, `db-${t}`).toEqual(['AuthorizationPolicy', 'Server']);
      }
      const shared = groupAuthentications(manifests);
      expect(shared.map((m) => m.metadata.name)).toEqual([except ? `zone-app-callers-except-${createHash('sha256').update('svc-1').digest('hex').slice(0, 8)}` : 'zone-app-callers']);
      expect(shared[0].spec.identityRefs).toHaveLength(except ? size - 1 : size);
    }), { seed: 10, numRuns: 10 });
  });

  it('grows its chunks with the zone (ceil(size / 500)), each policy requiring exactly one chunk, admitting exactly the zone but the exception', () => {
    const size = 2 * CHUNK + 2;
    const manifests = synthBlueprint(blueprint(size, 3, ['svc-7']), { workloads: true });
    const chunks = groupAuthentications(manifests);
    expect(chunks).toHaveLength(Math.ceil((size - 1) / CHUNK));
    for (const chunk of chunks) {
      expect(chunk.spec.identityRefs.length).toBeLessThanOrEqual(CHUNK);
      expect(chunk.metadata.labels?.[SERVICE_LABEL]).toBeUndefined(); // shared: no target owns it
    }
    const declared = Array.from({ length: size }, (_, i) => `app/svc-${i}`).filter((s) => s !== 'app/svc-7').sort();
    const mesh = MeshAuthorizationAnalyzer.fromManifests(manifests);
    for (let t = 0; t < 3; t++) {
      const policies = ofTarget(manifests, `db-${t}`).filter((m) => m.kind === 'AuthorizationPolicy');
      expect(policies).toHaveLength(chunks.length);
      policies.forEach((p) => expect(p.spec.requiredAuthenticationRefs).toHaveLength(1)); // refs of one policy are AND'ed
      expect(new Set(policies.map((p) => p.spec.requiredAuthenticationRefs[0].name))).toEqual(new Set(chunks.map((c) => c.metadata.name)));
      expect(requiredIdentityRefs(manifests, 'data', `db-${t}-postgresql`)).toEqual(declared);
      for (const sa of ['svc-0', `svc-${CHUNK}`, `svc-${size - 1}`]) {
        expect(mesh.authorize({ serviceAccountNamespace: 'app', serviceAccount: sa }, 'data', `db-${t}`, 5432).authorized, sa).toBe(true);
      }
      for (const sa of ['svc-7', 'default']) {
        expect(mesh.authorize({ serviceAccountNamespace: 'app', serviceAccount: sa }, 'data', `db-${t}`, 5432).authorized, sa).toBe(false);
      }
    }
  }, 120_000);

  it('lists a caller declared on its own and in the zone once, in the group; other callers stay in the port\'s MeshTLSAuthentication; same bytes twice', () => {
    const props = blueprint(4, 1);
    const target = props.services[4];
    const withCallers: ZeroTrustBlueprintProps = {
      services: [...props.services.slice(0, 4), { name: 'etl', zone: 'data' },
        { ...target, allowFrom: [...target.allowFrom!, { service: 'svc-2' }, { service: 'etl' }] }],
    };
    const manifests = synthBlueprint(withCallers);
    const own = manifests.find((m) => m.kind === 'MeshTLSAuthentication' && m.metadata.name === 'db-0-postgresql');
    expect(own.spec.identityRefs).toEqual([{ kind: 'ServiceAccount', name: 'etl', namespace: 'data' }]);
    expect(requiredIdentityRefs(manifests, 'data', 'db-0-postgresql')).toEqual(['app/svc-0', 'app/svc-1', 'app/svc-2', 'app/svc-3', 'data/etl'].sort());
    expect(JSON.stringify(synthBlueprint(withCallers))).toEqual(JSON.stringify(manifests));
  });

  it('is named apart from the objects of the namespace\'s services: a clash is a blueprint error naming the field', () => {
    const props = blueprint(3, 1);
    props.services.push({ name: 'zone-app', zone: 'data', ports: [{ name: 'callers', port: 8080 }] });
    expect(issuesOf(props)).toEqual([expect.objectContaining({
      path: 'services[4].ports',
      message: expect.stringMatching(/would be named "zone-app-callers" in namespace "data", like those of the callers of zone "app"/),
    })]);
  });
});

describe('the MeshTLSAuthentications of caller groups', () => {
  // After every service's objects: at the start of the output, documents of hundreds of ServiceAccount
  // refs make cdk8s's YAML writer slow at scale (lib/mesh/zone-caller-groups.ts; measured in bench/).
  it('come after every service\'s objects, and are the target zone\'s mesh objects (generated zone and role flows)', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), (size, targets, holders) => {
      const props = blueprint(size, targets);
      const roleProps: ZeroTrustBlueprintProps = {
        ...props,
        roles: [{ name: 'viewer' }],
        services: [
          ...props.services.map((s, i) => (i < holders ? { ...s, roles: ['viewer'] } : s)),
          { name: 'reports', zone: 'data', ports: [{ name: 'http', port: 8080 }], allowFrom: [{ roles: ['viewer'] }] },
        ],
      };
      const chart = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
      const built = new ZeroTrustBlueprint(chart, 'blueprint', roleProps);
      const manifests = Testing.synth(chart);
      const serviceNames = new Set(roleProps.services.map((s) => s.name));
      const isGroupChunk = (m: any) => m.kind === 'MeshTLSAuthentication' && /^(zone-app|role-viewer)-callers/.test(m.metadata.name);
      const chunks = manifests.map((m, i) => [m, i] as const).filter(([m]) => isGroupChunk(m));
      expect(chunks.map(([m]) => m.metadata.name).sort()).toEqual(['role-viewer-callers', 'zone-app-callers']);
      const lastServiceObject = Math.max(...manifests.map((m, i) => (serviceNames.has(m.metadata.labels?.[SERVICE_LABEL]) ? i : -1)));
      for (const [chunk, index] of chunks) {
        expect(index, chunk.metadata.name).toBeGreaterThan(lastServiceObject);
      }
      const meshObjects = built.zone('data').meshObjects.map((o) => `${o.kind}/${o.name}`);
      expect(meshObjects).toEqual(expect.arrayContaining(chunks.map(([m]) => `MeshTLSAuthentication/${m.metadata.name}`)));
      expect(built.zone('app').meshObjects.some((o) => isGroupChunk(o.toJson()))).toBe(false);
    }), { seed: 11, numRuns: 8 });
  });
});
