import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprintProps } from '../../lib';
import { issuesOf } from '../support/blueprint-issues';
import { peerWorkloads } from '../support/peer-services';
import { requiredIdentityRefs } from '../support/mesh-authentications';
import { findObject, synthBlueprint } from '../support/synth';
import { meshBlueprint } from './fixtures';

/** The ServiceAccounts (`namespace/name`) the policies of a route of a service in app require. */
const refs = (m: any[], route: string) => requiredIdentityRefs(m, 'app', route, 'HTTPRoute').map((r) => r.replace(/^app\//, ''));
/** The services a rule of a policy in app admits, by evaluating its peers against the bound workloads. */
const peers = (m: any[], rule: any) => [...new Set(rule.from.flatMap((p: any) => peerWorkloads(m, p, 'app')))].sort();
/** The workloads a NetworkPolicy applies to. */
const selected = (m: any[], policy: any) => peerWorkloads(m, { podSelector: policy.spec.podSelector }, policy.metadata.namespace);
/** The NetworkPolicies of app that apply to `workload` and have `kind` rules. */
const policiesOf = (m: any[], workload: string, kind: 'ingress' | 'egress') => m.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'app' && o.spec[kind] && selected(m, o).includes(workload));

describe('role expansion (admin includes operator includes viewer)', () => {
  const manifests = synthBlueprint(meshBlueprint(), { workloads: true });

  it('allowRoles [viewer] admits the admin, operator and viewer services', () => {
    expect(refs(manifests, 'api-http-route-reports')).toEqual(['admin-tool', 'dashboard', 'ops-bot']);
  });

  it('allowRoles [admin] admits only the admin service', () => {
    expect(refs(manifests, 'api-http-route-admin')).toEqual(['admin-tool']);
  });

  it('a `roles` caller in allowFrom becomes one NetworkPolicy ingress rule over the same services, in the role\'s policy for its targets', () => {
    const byRole = policiesOf(manifests, 'api', 'ingress').flatMap((p) => p.spec.ingress).filter((r: any) => peers(manifests, r).join() === 'admin-tool,dashboard,ops-bot');
    expect(byRole).toHaveLength(1);
    // One peer for the holders of one namespace, however many they are.
    expect(byRole[0].from).toHaveLength(1);
    expect(byRole[0].ports.map((p: any) => p.port)).toEqual([8080, 4143]);
    expect(findObject(manifests, 'NetworkPolicy', 'app', 'api-ingress').spec.ingress.some((r: any) => peers(manifests, r).includes('dashboard'))).toBe(false);
  });

  it('the role holders of a namespace share one egress policy that reaches the targets', () => {
    const egress = findObject(manifests, 'NetworkPolicy', 'app', 'allow-role-viewer-callers');
    expect(selected(manifests, egress)).toEqual(['admin-tool', 'dashboard', 'ops-bot']);
    expect(egress.spec.egress.flatMap((r: any) => r.to.flatMap((p: any) => peerWorkloads(manifests, p, 'app')))).toEqual(['api']);
    // Their own egress policies (the zone mixes meshed and unmeshed pods: the control plane) do not repeat it.
    for (const caller of ['admin-tool', 'ops-bot', 'dashboard']) {
      const own = manifests.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `${caller}-egress`);
      expect((own?.spec.egress ?? []).some((r: any) => r.to.some((p: any) => peerWorkloads(manifests, p, 'app').includes('api'))), caller).toBe(false);
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
    expect(policiesOf(m, 'docs', 'ingress').flatMap((p) => p.spec.ingress).map((r: any) => peers(m, r))).toEqual([['a', 'b', 'c']]);
  });

  it('names the shared caller group apart from the objects of the namespace\'s services: a clash is a blueprint error naming the field', () => {
    const props = meshBlueprint();
    props.services.push({ name: 'role-viewer', zone: 'app', ports: [{ name: 'callers', port: 8080 }] });
    expect(issuesOf(props)).toEqual([expect.objectContaining({
      code: 'ZT-MESH-028',
      path: `services[${props.services.length - 1}].ports`,
      message: expect.stringMatching(/would be named "role-viewer-callers" in namespace "app", like those of the holders of role "viewer"/),
    })]);
  });
});
