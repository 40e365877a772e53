// Server-side apply of synthesized manifests, as `kubectl apply --server-side --field-manager=... ` does,
// with strict field validation: an unknown or duplicate field is a rejection, not a warning.
import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';
import { KubeClient } from './kube-client';

export const FIELD_MANAGER = 'cdk8s-zero-trust';

export interface AppliedObject {
  /** `Kind namespace/name` (`Kind name` when cluster-scoped). */
  readonly id: string;
  readonly resourceVersion: string;
  readonly generation?: number;
  /** The managedFields entries of the object after the apply. */
  readonly managedFields: any[];
  readonly warnings: string[];
  /** The object as the server stored it. */
  readonly stored: any;
}

export interface ApplyRejection {
  readonly id: string;
  readonly status: number;
  readonly reason: string;
  readonly message: string;
}

export interface ApplyOutcome {
  readonly applied: AppliedObject[];
  readonly rejections: ApplyRejection[];
}

export interface ApplyOptions {
  /** `?dryRun=All`: validated and admitted, not stored. @default false */
  readonly dryRun?: boolean;
  /** @default FIELD_MANAGER */
  readonly fieldManager?: string;
}

export function objectId(m: any): string {
  const ns = m.metadata?.namespace;
  return `${m.kind} ${ns ? `${ns}/` : ''}${m.metadata?.name}`;
}

/**
 * Apply order: Namespaces, then CRDs, then built-in kinds, then custom resources (whose CRDs must be
 * Established first). Stable within a rank, so the result follows the manifests' order.
 */
export function applyOrder(manifests: readonly any[]): any[] {
  const rank = (m: any) => (m.kind === 'Namespace' ? 0 : m.kind === 'CustomResourceDefinition' ? 1 : isBuiltIn(m.apiVersion) ? 2 : 3);
  return manifests.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i).map((x) => x.m);
}

/** Kubernetes' own API groups (core, apps, networking.k8s.io, ...), as opposed to those of CRDs. */
function isBuiltIn(apiVersion: string): boolean {
  if (!apiVersion.includes('/')) return true;
  const group = apiVersion.split('/')[0];
  return !group.includes('.') || (group.endsWith('.k8s.io') && !group.startsWith('gateway.networking.'));
}

/**
 * Server-side applies every manifest (in `applyOrder`), one request each, and collects every rejection
 * with the object and the server's message instead of stopping at the first.
 */
export async function applyManifests(client: KubeClient, manifests: readonly any[], opts: ApplyOptions = {}): Promise<ApplyOutcome> {
  const applied: AppliedObject[] = [];
  const rejections: ApplyRejection[] = [];
  const query = new URLSearchParams({ fieldManager: opts.fieldManager ?? FIELD_MANAGER, force: 'true', fieldValidation: 'Strict' });
  if (opts.dryRun) query.set('dryRun', 'All');
  for (const m of applyOrder(manifests)) {
    const id = objectId(m);
    let path: string;
    try {
      path = await client.pathOf(m.apiVersion, m.kind, m.metadata?.namespace, m.metadata?.name);
    } catch (e) {
      rejections.push({ id, status: 0, reason: 'UnknownKind', message: (e as Error).message });
      continue;
    }
    const res = await client.request('PATCH', `${path}?${query}`, m, 'application/apply-patch+yaml');
    if (res.status === 200 || res.status === 201) {
      applied.push({
        id,
        resourceVersion: res.body.metadata.resourceVersion,
        generation: res.body.metadata.generation,
        managedFields: res.body.metadata.managedFields ?? [],
        warnings: res.warnings,
        stored: res.body,
      });
    } else {
      rejections.push({ id, status: res.status, reason: res.body?.reason ?? '', message: res.body?.message ?? String(res.body) });
    }
  }
  return { applied, rejections };
}

/**
 * Deletes the objects (those that exist), with background propagation: without a controller manager no
 * garbage collector would remove an orphan or foreground finalizer. Returns the refusals.
 */
export async function deleteManifests(client: KubeClient, manifests: readonly any[]): Promise<ApplyRejection[]> {
  const refusals: ApplyRejection[] = [];
  for (const m of manifests) {
    const path = await client.pathOf(m.apiVersion, m.kind, m.metadata?.namespace, m.metadata?.name);
    const res = await client.request('DELETE', path, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    if (res.status !== 200 && res.status !== 202 && res.status !== 404) {
      refusals.push({ id: objectId(m), status: res.status, reason: res.body?.reason ?? '', message: res.body?.message ?? String(res.body) });
    }
  }
  return refusals;
}

/** One line per rejection, for a test failure message. */
export function describeRejections(rejections: readonly ApplyRejection[]): string {
  return rejections.map((r) => `${r.id}: ${r.status} ${r.reason}: ${r.message}`).join('\n');
}

/** Every CustomResourceDefinition in the given YAML files. */
export function readCrds(files: readonly string[]): any[] {
  return files.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS()))
    .filter((d) => d?.kind === 'CustomResourceDefinition');
}

/**
 * Creates the CRDs and waits until each is Established (its kinds are served). Throws naming those that are
 * not. The CRDs are the upstream projects', not the library's output: a field of a newer API server
 * (`selectableFields`, Kubernetes 1.30) is dropped with a warning, as an older server does on create (server-
 * side apply refuses any field its type does not know), and the warnings are returned.
 */
export async function installCrds(client: KubeClient, crds: readonly any[], timeoutMs = 30_000): Promise<string[]> {
  const warnings: string[] = [];
  const rejections: ApplyRejection[] = [];
  for (const crd of crds) {
    const res = await client.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?fieldValidation=Warn', crd);
    warnings.push(...res.warnings.map((w) => `${objectId(crd)}: ${w}`));
    if (res.status !== 201 && res.status !== 409) {
      rejections.push({ id: objectId(crd), status: res.status, reason: res.body?.reason ?? '', message: res.body?.message ?? String(res.body) });
    }
  }
  if (rejections.length) throw new Error(`CRDs refused by the API server:\n${describeRejections(rejections)}`);
  const deadline = Date.now() + timeoutMs;
  let pending = crds.map((c) => c.metadata.name as string);
  while (pending.length) {
    const still: string[] = [];
    for (const name of pending) {
      const res = await client.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
      const established = (res.body?.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True');
      if (!established) still.push(name);
    }
    pending = still;
    if (!pending.length) break;
    if (Date.now() > deadline) throw new Error(`CRDs not Established after ${timeoutMs} ms: ${pending.join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return warnings;
}
