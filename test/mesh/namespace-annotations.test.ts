import { describe, expect, it } from 'vitest';
import { MeshPolicyMode } from '../../lib';
import { findObject, synthBlueprint } from '../support/synth';
import { meshBlueprint, withMesh } from './fixtures';

const annotations = (manifests: any[], ns: string) => findObject(manifests, 'Namespace', undefined, ns).metadata.annotations;

describe('zone namespace annotations', () => {
  const manifests = synthBlueprint(meshBlueprint());

  it('matches the snapshot', () => {
    expect(manifests.filter((m) => m.kind === 'Namespace').map((m) => ({ name: m.metadata.name, annotations: m.metadata.annotations }))).toMatchSnapshot();
  });

  it('set the default inbound policy to deny and JSON access logs by default', () => {
    for (const ns of ['dmz', 'app', 'data', 'management']) {
      expect(annotations(manifests, ns)).toEqual({
        'linkerd.io/inject': 'enabled',
        'config.linkerd.io/default-inbound-policy': 'deny',
        'config.linkerd.io/access-log': 'json',
      });
    }
  });

  it('take the blueprint-wide mode, overridden per zone', () => {
    const m = synthBlueprint(withMesh((b) => {
      b.mesh = { mode: MeshPolicyMode.AUDIT };
      b.zones = [{ name: 'dmz' }, { name: 'app' }, { name: 'data', meshMode: MeshPolicyMode.DENY }, { name: 'management' }];
    }));
    expect(['dmz', 'app', 'data', 'management'].map((ns) => annotations(m, ns)['config.linkerd.io/default-inbound-policy']))
      .toEqual(['audit', 'audit', 'deny', 'audit']);
    // Servers follow their zone's mode too.
    expect(findObject(m, 'Server', 'data', 'db-postgresql').spec.accessPolicy).toBe('deny');
    expect(findObject(m, 'Server', 'app', 'api-http').spec.accessPolicy).toBe('audit');
  });

  it('leave out the access-log annotation when access logs are off', () => {
    const m = synthBlueprint(withMesh((b) => { b.mesh = { accessLogs: false }; }));
    expect(annotations(m, 'app')).not.toHaveProperty('config.linkerd.io/access-log');
    expect(annotations(m, 'app')['config.linkerd.io/default-inbound-policy']).toBe('deny');
  });

  it('annotate only zones with meshed pods', () => {
    const m = synthBlueprint({
      zones: [{ name: 'dmz' }, { name: 'app' }, { name: 'legacy', role: 'app' as any, meshed: false }],
      services: [{ name: 'old', zone: 'legacy', ports: [{ name: 'http', port: 8080 }] }],
    });
    expect(annotations(m, 'legacy')).toEqual({ 'linkerd.io/inject': 'disabled' });
    expect(annotations(m, 'app')['config.linkerd.io/default-inbound-policy']).toBe('deny');
  });
});
