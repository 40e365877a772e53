import { describe, expect, it } from 'vitest';
import { AppProtocol } from '../../lib';
import { findObject, synthBlueprint } from '../support/synth';
import { meshBlueprint } from './fixtures';

const manifests = synthBlueprint(meshBlueprint(), { workloads: true });
const servers = manifests.filter((m) => m.kind === 'Server');
const server = (ns: string, name: string) => findObject(manifests, 'Server', ns, name);

describe('Servers', () => {
  it('match the snapshot', () => {
    expect(servers.filter((s) => s.metadata.name !== 'proxy-admin')).toMatchSnapshot();
  });

  it('are policy.linkerd.io/v1beta3, one per port of every meshed service', () => {
    const expected = ['dmz/gateway-https', 'app/api-http', 'app/api-metrics', 'app/search-grpc', 'app/search-h2', 'data/db-postgresql', 'management/prometheus-http'];
    expect(servers.filter((s) => s.metadata.name !== 'proxy-admin').map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(expected);
    expect(new Set(servers.map((s) => s.apiVersion))).toEqual(new Set(['policy.linkerd.io/v1beta3']));
  });

  it('select the service pods and name the port, so a changed port number needs no policy change', () => {
    expect(server('app', 'api-http').spec).toMatchObject({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, port: 'http' });
    // the name is a container port name of the bound workload
    const api = findObject(manifests, 'Deployment', 'app', 'api');
    expect(api.spec.template.spec.containers[0].ports.map((p: any) => p.name)).toContain(server('app', 'api-http').spec.port);
  });

  it('set proxyProtocol from the app protocol', () => {
    expect({
      tcp: server('dmz', 'gateway-https').spec.proxyProtocol,
      http: server('app', 'api-http').spec.proxyProtocol,
      http2: server('app', 'search-h2').spec.proxyProtocol,
      grpc: server('app', 'search-grpc').spec.proxyProtocol,
      opaque: server('data', 'db-postgresql').spec.proxyProtocol,
    }).toEqual({ tcp: 'unknown', http: 'HTTP/1', http2: 'HTTP/2', grpc: 'gRPC', opaque: 'opaque' });
    expect(Object.values(AppProtocol)).toHaveLength(5);
  });

  it('follow the zone mode in accessPolicy', () => {
    expect(new Set(servers.map((s) => s.spec.accessPolicy))).toEqual(new Set(['deny']));
  });

  it('are not emitted for unmeshed services (no proxy would enforce them)', () => {
    expect(servers.filter((s) => s.metadata.name.startsWith('legacy'))).toEqual([]);
  });
});
