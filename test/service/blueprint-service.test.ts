import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { describe, expect, it } from 'vitest';
import { AppProtocol, ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { EXAMPLE_BLUEPRINT, findObject, synthBlueprint } from '../support/synth';

const PROPS: ZeroTrustBlueprintProps = {
  services: [
    { name: 'db', zone: 'data', ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }] },
    { name: 'legacy', zone: 'app', meshed: false, serviceAccount: { name: 'legacy-sa', create: false }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], expose: false },
  ],
};

function bound(service: string, containers: kplus.ContainerProps[], namespace?: string) {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
  const blueprint = new ZeroTrustBlueprint(chart, 'bp', PROPS);
  const deployment = new kplus.Deployment(chart, 'w', { metadata: { name: service, namespace }, containers });
  blueprint.service(service).bind(deployment);
  return { app, chart, deployment };
}

describe('BlueprintService resources', () => {
  const manifests = synthBlueprint(PROPS);

  it('creates the ServiceAccount without an API token, unless it already exists', () => {
    expect(findObject(manifests, 'ServiceAccount', 'data', 'db').automountServiceAccountToken).toBe(false);
    expect(manifests.filter((m) => m.kind === 'ServiceAccount').map((m) => m.metadata.name)).toEqual(['db']);
  });

  it('creates a ClusterIP Service with the app protocol Linkerd reads', () => {
    const svc = findObject(manifests, 'Service', 'data', 'db');
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/name': 'db' });
    expect(svc.spec.ports).toEqual([{ name: 'postgresql', port: 5432, targetPort: 5432, protocol: 'TCP', appProtocol: 'linkerd.io/opaque' }]);
    expect(manifests.some((m) => m.kind === 'Service' && m.metadata.name === 'legacy')).toBe(false);
  });

  it('matches the snapshot', () => {
    expect(manifests.filter((m) => m.kind === 'Service' || m.kind === 'ServiceAccount')).toMatchSnapshot();
  });
});

describe('BlueprintService.bind', () => {
  it('sets namespace, service account, selector labels, mesh annotations and restricted security settings', () => {
    const { chart } = bound('db', [{ image: 'postgres', ports: [{ number: 5432 }] }]);
    const d = Testing.synth(chart).find((m) => m.kind === 'Deployment');
    const pod = d.spec.template;
    expect(d.metadata.namespace).toBe('data');
    expect(pod.spec.serviceAccountName).toBe('db');
    expect(pod.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'db', 'zero-trust.cdk8s.io/zone': 'data' });
    expect(pod.metadata.annotations).toEqual({ 'linkerd.io/inject': 'enabled', 'config.linkerd.io/opaque-ports': '5432' });
    expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  it('uses the existing ServiceAccount and disables injection for an unmeshed service', () => {
    const { chart } = bound('legacy', [{ image: 'legacy', portNumber: 8080 }], 'app');
    const pod = Testing.synth(chart).find((m) => m.kind === 'Deployment').spec.template;
    expect(pod.spec.serviceAccountName).toBe('legacy-sa');
    expect(pod.metadata.annotations).toEqual({ 'linkerd.io/inject': 'disabled' });
  });

  it('refuses a workload in another namespace than its zone', () => {
    expect(() => bound('db', [{ image: 'postgres', portNumber: 5432 }], 'app')).toThrow(/workload is in namespace "app" but zone "data" is namespace "data"/);
  });

  it('fails synthesis when the workload does not declare the service ports', () => {
    const { app } = bound('db', [{ image: 'postgres', ports: [{ number: 5433 }] }]);
    expect(() => app.synth()).toThrow(/service "db".*no container declares TCP port 5432 \("postgresql"\)/);
  });

  it('fails synthesis on a TCP probe of a meshed pod in deny mode, which Linkerd refuses from the kubelet', () => {
    // cdk8s-plus adds a TCP startup probe when a container has `portNumber`.
    const { app } = bound('db', [{ image: 'postgres', portNumber: 5432 }]);
    expect(() => app.synth()).toThrow(/refuses the kubelet's TCP startup probe on port 5432/);
  });

  it('fails synthesis when a container could escalate privileges', () => {
    const { app } = bound('db', [{ image: 'postgres', ports: [{ number: 5432 }], securityContext: { allowPrivilegeEscalation: true } }]);
    expect(() => app.synth()).toThrow(/allowPrivilegeEscalation must be false/);
  });
});

describe('a service run by an operator', () => {
  it('is marked and refuses a second workload (Keycloak runs from its CR)', () => {
    const chart = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
    const blueprint = ZeroTrustBlueprint.fromFile(chart, 'bp', EXAMPLE_BLUEPRINT);
    const keycloak = blueprint.service('keycloak');
    expect(keycloak.managedByOperator).toBe(true);
    expect(blueprint.service('business-api').managedByOperator).toBe(false);
    const deployment = new kplus.Deployment(chart, 'kc', { containers: [{ image: 'keycloak', ports: keycloak.containerPorts }] });
    expect(() => keycloak.bind(deployment)).toThrow(/run by an operator from the custom resource/);
  });
});
