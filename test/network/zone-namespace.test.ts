import { describe, expect, it } from 'vitest';
import { ZoneRole } from '../../lib';
import { findObject, synthBlueprint } from '../support/synth';

describe('ZoneNamespace', () => {
  const manifests = synthBlueprint({
    zones: [{ name: 'dmz' }, { name: 'app' }, { name: 'data' }, { name: 'management' }, { name: 'partners', role: ZoneRole.DMZ, namespace: 'partner-edge', meshed: false, labels: { team: 'partners' } }],
    services: [],
  });

  it('emits one namespace per zone', () => {
    expect(manifests.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name)).toEqual(['dmz', 'app', 'data', 'management', 'partner-edge']);
  });

  it('labels the namespace with its zone, role and Pod Security "restricted"', () => {
    const ns = findObject(manifests, 'Namespace', undefined, 'partner-edge');
    expect(ns.metadata.labels).toMatchObject({
      'zero-trust.cdk8s.io/zone': 'partners',
      'zero-trust.cdk8s.io/zone-role': 'dmz',
      'kubernetes.io/metadata.name': 'partner-edge',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'team': 'partners',
    });
  });

  it('enables Linkerd injection for meshed zones only', () => {
    expect(findObject(manifests, 'Namespace', undefined, 'app').metadata.annotations['linkerd.io/inject']).toBe('enabled');
    expect(findObject(manifests, 'Namespace', undefined, 'partner-edge').metadata.annotations['linkerd.io/inject']).toBe('disabled');
  });

  it('matches the snapshot', () => {
    expect(manifests.filter((m) => m.kind === 'Namespace')).toMatchSnapshot();
  });
});
