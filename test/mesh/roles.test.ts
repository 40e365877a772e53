import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprintProps } from '../../lib';
import { peerWorkloads } from '../support/peer-services';
import { findObject, synthBlueprint } from '../support/synth';
import { meshBlueprint } from './fixtures';

const refs = (m: any[], name: string) => findObject(m, 'MeshTLSAuthentication', 'app', name).spec.identityRefs.map((r: any) => r.name);
/** The services a rule of a policy in app admits, by evaluating its peers against the bound workloads. */
const peers = (m: any[], rule: any) => [...new Set(rule.from.flatMap((p: any) => peerWorkloads(m, p, 'app')))].sort();

describe('role expansion (admin includes operator includes viewer)', () => {
  const manifests = synthBlueprint(meshBlueprint(), { workloads: true });

  it('allowRoles [viewer] admits the admin, operator and viewer services', () => {
    expect(refs(manifests, 'api-http-route-reports')).toEqual(['admin-tool', 'dashboard', 'ops-bot']);
  });

  it('allowRoles [admin] admits only the admin service', () => {
    expect(refs(manifests, 'api-http-route-admin')).toEqual(['admin-tool']);
  });

  it('a `roles` caller in allowFrom becomes one NetworkPolicy ingress rule over the same services', () => {
    const ingress = findObject(manifests, 'NetworkPolicy', 'app', 'api-ingress').spec.ingress;
    const byRole = ingress.filter((r: any) => peers(manifests, r).join() === 'admin-tool,dashboard,ops-bot');
    expect(byRole).toHaveLength(1);
    // One peer for the holders of one namespace, however many they are.
    expect(byRole[0].from).toHaveLength(1);
    expect(byRole[0].ports.map((p: any) => p.port)).toEqual([8080, 4143]);
  });

  it('each role holder gets the matching egress rule', () => {
    for (const caller of ['admin-tool', 'ops-bot', 'dashboard']) {
      const egress = findObject(manifests, 'NetworkPolicy', 'app', `${caller}-egress`).spec.egress;
      expect(egress.some((r: any) => r.to.some((p: any) => peerWorkloads(manifests, p, 'app').includes('api')))).toBe(true);
    }
  });

  it('works the same with a hierarchy the blueprint declares', () => {
    const props: ZeroTrustBlueprintProps = {
      roles: [{ name: 'owner', includes: ['editor'] }, { name: 'editor', includes: ['reader'] }, { name: 'reader' }],
      services: [
        { name: 'docs', zone: 'app', ports: [{ name: 'http', port: 8080 }], allowFrom: [{ roles: ['reader'] }],
          routes: [{ name: 'read', path: '/docs', allowRoles: ['reader'] }, { name: 'delete', path: '/docs', methods: ['DELETE' as any], allowRoles: ['owner'] }] },
        { name: 'a', zone: 'app', roles: ['owner'] },
        { name: 'b', zone: 'app', roles: ['editor'] },
        { name: 'c', zone: 'app', roles: ['reader'] },
        { name: 'd', zone: 'app' },
      ],
    };
    const m = synthBlueprint(props, { workloads: true });
    expect(refs(m, 'docs-http-route-read')).toEqual(['a', 'b', 'c']);
    expect(refs(m, 'docs-http-route-delete')).toEqual(['a']);
    expect(peers(m, findObject(m, 'NetworkPolicy', 'app', 'docs-ingress').spec.ingress[0])).toEqual(['a', 'b', 'c']);
  });
});
