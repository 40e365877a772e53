import { describe, expect, it } from 'vitest';
import { findObject, synthBlueprint } from '../support/synth';
import { meshBlueprint } from './fixtures';

const manifests = synthBlueprint(meshBlueprint());
const get = (kind: string, ns: string, name: string) => findObject(manifests, kind, ns, name);
const policiesTargeting = (ns: string, kind: string, name: string) => manifests.filter((m) => m.kind === 'AuthorizationPolicy'
  && m.metadata.namespace === ns && m.spec.targetRef.kind === kind && m.spec.targetRef.name === name);

describe('AuthorizationPolicies of Servers', () => {
  it('match the snapshot', () => {
    const names = ['db-postgresql', 'db-postgresql-from-legacy', 'gateway-https-from-internet', 'search-grpc'];
    expect(manifests.filter((m) => /Authentication|AuthorizationPolicy/.test(m.kind) && names.includes(m.metadata.name))).toMatchSnapshot();
  });

  it('authorize meshed callers with one policy and one MeshTLSAuthentication of ServiceAccount refs', () => {
    const [policy] = policiesTargeting('data', 'Server', 'db-postgresql').filter((p) => p.spec.requiredAuthenticationRefs[0].kind === 'MeshTLSAuthentication');
    expect(policy.spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'db-postgresql' },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'db-postgresql' }],
    });
    expect(get('MeshTLSAuthentication', 'data', 'db-postgresql').spec).toEqual({
      identityRefs: [{ kind: 'ServiceAccount', name: 'api', namespace: 'app' }],
    });
  });

  it('never use identity strings', () => {
    for (const m of manifests.filter((o) => o.kind === 'MeshTLSAuthentication')) {
      expect(m.spec.identities).toBeUndefined();
      expect(m.spec.identityRefs.every((r: any) => r.kind === 'ServiceAccount' && r.namespace && r.name)).toBe(true);
    }
  });

  it('admit an unmeshed caller by its declared CIDRs in a separate policy (refs of one policy are ANDed)', () => {
    const policies = policiesTargeting('data', 'Server', 'db-postgresql');
    expect(policies.map((p) => p.spec.requiredAuthenticationRefs.map((r: any) => `${r.kind}/${r.name}`))).toEqual([
      ['MeshTLSAuthentication/db-postgresql'],
      ['NetworkAuthentication/db-postgresql-from-legacy'],
    ]);
    expect(get('NetworkAuthentication', 'data', 'db-postgresql-from-legacy').spec).toEqual({ networks: [{ cidr: '10.42.0.0/16' }] });
  });

  it('admit the internet into the DMZ entry point from IPv4 and IPv6', () => {
    expect(get('NetworkAuthentication', 'dmz', 'gateway-https-from-internet').spec.networks).toEqual([{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }]);
    expect(policiesTargeting('dmz', 'Server', 'gateway-https')).toHaveLength(1);
  });

  it('give every policy exactly one required authentication', () => {
    for (const p of manifests.filter((m) => m.kind === 'AuthorizationPolicy')) {
      expect(p.spec.requiredAuthenticationRefs).toHaveLength(1);
    }
  });

  it('emit no policy for a port nobody may call (the Server alone denies)', () => {
    expect(policiesTargeting('management', 'Server', 'prometheus-http')).toEqual([]);
    expect(get('Server', 'management', 'prometheus-http').spec.accessPolicy).toBe('deny');
  });

  it('admit the metrics scraper on metrics ports', () => {
    expect(get('MeshTLSAuthentication', 'app', 'api-metrics').spec.identityRefs).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'management' }]);
  });
});
