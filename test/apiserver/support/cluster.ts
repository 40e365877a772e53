// The test cluster: an API server with every CRD the library's output uses, and the one-call check
// "these manifests are accepted" that other suites (generated blueprints) reuse.
import { readdirSync } from 'fs';
import { join } from 'path';
import { schemasDir } from '../../support/tools';
import { TestApiServer } from './api-server';
import { applyManifests, ApplyOutcome, describeRejections, installCrds, readCrds } from './apply';
import { KubeClient } from './kube-client';

/**
 * CRD folders of `../shared/schemas/crds/`: the versions the output targets (Linkerd 2.20, cert-manager,
 * trust-manager, Keycloak Operator 26.8.0) and those of the edge and alerting objects (Gateway API 1.6.1,
 * Envoy Gateway 1.9.1, Prometheus Operator 0.85.0).
 */
export const CRD_FOLDERS = [
  'linkerd-version-2.20', 'cert-manager', 'trust-manager', 'keycloak-26.8.0',
  'gateway-api-1.6.1', 'envoy-gateway-1.9.1', 'prometheus-operator-0.85.0',
] as const;

/**
 * Namespaces the output refers to without creating them, because the components installed there
 * create them (cert-manager's ClusterIssuers read their CA Secrets from `cert-manager`).
 */
export const PREREQUISITE_NAMESPACES = ['cert-manager'] as const;

export function crdFiles(): string[] {
  return CRD_FOLDERS.flatMap((folder) => {
    const dir = join(schemasDir(), 'crds', folder);
    return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
  });
}

/** All CustomResourceDefinitions of `CRD_FOLDERS`. */
export function allCrds(): any[] {
  return readCrds(crdFiles());
}

/** Warnings of the last CRD install (fields this API server version does not know). */
export let crdWarnings: string[] = [];

/** Starts an API server, installs every CRD (Established) and the prerequisite namespaces. */
export async function startTestCluster(): Promise<TestApiServer> {
  const server = await TestApiServer.start();
  try {
    crdWarnings = await installCrds(server.client, allCrds());
    const namespaces = PREREQUISITE_NAMESPACES.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    const { rejections } = await applyManifests(server.client, namespaces);
    if (rejections.length) throw new Error(describeRejections(rejections));
    return server;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/**
 * What `kubectl apply --server-side` of the manifests does: a dry run (`?dryRun=All`), then the real
 * apply. Namespaces go first, dry run and real, because the API server refuses even a dry run of an object
 * in a namespace that does not exist. Each outcome lists every rejection; the real apply runs even when
 * the dry run refused some.
 */
export async function dryRunThenApply(client: KubeClient, manifests: readonly any[]): Promise<{ dryRun: ApplyOutcome; apply: ApplyOutcome }> {
  const stages = [manifests.filter((m) => m.kind === 'Namespace'), manifests.filter((m) => m.kind !== 'Namespace')];
  const dryRun: ApplyOutcome = { applied: [], rejections: [] };
  const apply: ApplyOutcome = { applied: [], rejections: [] };
  for (const stage of stages) {
    const d = await applyManifests(client, stage, { dryRun: true });
    const a = await applyManifests(client, stage);
    dryRun.applied.push(...d.applied); dryRun.rejections.push(...d.rejections);
    apply.applied.push(...a.applied); apply.rejections.push(...a.rejections);
  }
  return { dryRun, apply };
}
