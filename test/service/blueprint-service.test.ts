import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as kplus34 from 'cdk8s-plus-34';
import { describe, expect, it } from 'vitest';
import { AppProtocol, ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { EXAMPLE_BLUEPRINT, findObject, synthBlueprint } from '../support/synth';

const PROPS: ZeroTrustBlueprintProps = {
  services: [
    { name: 'db', zone: 'data', ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }] },
    { name: 'legacy', zone: 'app', meshed: false, serviceAccount: { name: 'legacy-sa', create: false }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], expose: false },
  ],
};

// bind() reads the rendered pod template, so it must behave the same for every cdk8s-plus version.
const PLUS_VERSIONS = [
  { version: 'cdk8s-plus-27', deployment: (c: Chart, id: string, props: any) => new kplus.Deployment(c, id, props) },
  { version: 'cdk8s-plus-34', deployment: (c: Chart, id: string, props: any) => new kplus34.Deployment(c, id, props) },
];

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

describe.each(PLUS_VERSIONS)('BlueprintService.bind ($version)', ({ deployment: newDeployment }) => {
  function bound(service: string, containers: kplus.ContainerProps[], namespace?: string) {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
    const blueprint = new ZeroTrustBlueprint(chart, 'bp', PROPS);
    const deployment = newDeployment(chart, 'w', { metadata: { name: service, namespace }, containers });
    blueprint.service(service).bind(deployment);
    return { app, chart, deployment };
  }

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

describe('BlueprintService.bind without cdk8s-plus', () => {
  const rawDeployment = (chart: Chart, namespace?: string) => new ApiObject(chart, 'raw', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'db', namespace },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'db' } },
      template: { spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'db', image: 'postgres', ports: [{ containerPort: 5432 }], securityContext: { allowPrivilegeEscalation: false } }] } },
    },
  });

  it('binds a plain ApiObject by its rendered pod template', () => {
    const chart = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
    new ZeroTrustBlueprint(chart, 'bp', PROPS).service('db').bind(rawDeployment(chart));
    const d = Testing.synth(chart).find((m) => m.kind === 'Deployment');
    expect(d.metadata.namespace).toBe('data');
    expect(d.spec.template.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'db', 'zero-trust.cdk8s.io/zone': 'data', 'zero-trust.cdk8s.io/service': 'db' });
    expect(d.spec.template.metadata.annotations).toEqual({ 'linkerd.io/inject': 'enabled', 'config.linkerd.io/opaque-ports': '5432' });
    expect(d.spec.template.spec.serviceAccountName).toBe('db');
    expect(d.spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(d.spec.template.spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('binds a CronJob through its job template', () => {
    const chart = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
    const job = new ApiObject(chart, 'job', {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'db-backup' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'b', image: 'backup', ports: [{ containerPort: 5432 }], securityContext: { allowPrivilegeEscalation: false } }] } } } } },
    });
    new ZeroTrustBlueprint(chart, 'bp', PROPS).service('db').bind(job);
    const pod = Testing.synth(chart).find((m) => m.kind === 'CronJob').spec.jobTemplate.spec.template;
    expect(pod.spec.serviceAccountName).toBe('db');
    expect(pod.metadata.labels['app.kubernetes.io/name']).toBe('db');
    expect(pod.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  it('checks the bound pod template of any kind against Pod Security "restricted"', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
    const job = new ApiObject(chart, 'job', {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'db-backup' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'b', image: 'backup', ports: [{ containerPort: 5432 }] }] } } } } },
    });
    new ZeroTrustBlueprint(chart, 'bp', PROPS).service('db').bind(job);
    expect(() => app.synth()).toThrow(/runAsNonRoot must be true[\s\S]*container "b": securityContext.allowPrivilegeEscalation must be false/);
  });

  it('refuses an object without a pod template, and a construct that is no Kubernetes object', () => {
    const chart = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
    const blueprint = new ZeroTrustBlueprint(chart, 'bp', PROPS);
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(() => blueprint.service('db').bind(cm)).toThrow(/a ConfigMap has no pod template/);
    expect(() => blueprint.service('db').bind(new Chart(chart, 'inner'))).toThrow(/is not a Kubernetes object/);
  });

  it('gives container ports that fit every cdk8s-plus version', () => {
    const chart = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
    const db = new ZeroTrustBlueprint(chart, 'bp', PROPS).service('db');
    // Type-checked by `npm run typecheck`: the same ports go into both versions' containers.
    new kplus.Deployment(chart, 'd27', { containers: [{ image: 'postgres', ports: db.containerPorts }] });
    new kplus34.Deployment(chart, 'd34', { containers: [{ image: 'postgres', ports: db.containerPorts }] });
    const ports = Testing.synth(chart).filter((m) => m.kind === 'Deployment').map((d) => d.spec.template.spec.containers[0].ports);
    expect(ports).toEqual([[{ containerPort: 5432, name: 'postgresql', protocol: 'TCP' }], [{ containerPort: 5432, name: 'postgresql', protocol: 'TCP' }]]);
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
