import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Where a workload kind keeps its pod template, as a JSON pointer ('' for a Pod, which is its own template). */
const POD_TEMPLATE_PATHS: Readonly<Record<string, string>> = {
  Deployment: '/spec/template',
  StatefulSet: '/spec/template',
  DaemonSet: '/spec/template',
  ReplicaSet: '/spec/template',
  Job: '/spec/template',
  CronJob: '/spec/jobTemplate/spec/template',
  Pod: '',
};

/**
 * The API object of a workload and the JSON pointer of its pod template. Read from the rendered object,
 * not from a cdk8s-plus class, so a workload of any cdk8s-plus version (or a plain ApiObject) binds.
 */
export function workloadPodTemplate(workload: IConstruct, service: string): { obj: ApiObject; templatePath: string } {
  let obj: ApiObject;
  try {
    obj = ApiObject.of(workload);
  } catch {
    throw new Error(`Cannot bind ${workload.node.path} to service "${service}": it is not a Kubernetes object (pass a cdk8s-plus workload or an ApiObject)`);
  }
  const templatePath = Object.prototype.hasOwnProperty.call(POD_TEMPLATE_PATHS, obj.kind) ? POD_TEMPLATE_PATHS[obj.kind] : undefined;
  if (templatePath === undefined) {
    throw new Error(`Cannot bind ${workload.node.path} to service "${service}": a ${obj.kind} has no pod template (bind a ${Object.keys(POD_TEMPLATE_PATHS).join(', ')})`);
  }
  return { obj, templatePath };
}

/** The value at a JSON pointer of a rendered object (undefined when a segment is missing). */
export function atPointer(doc: any, pointer: string): any {
  return pointer.split('/').slice(1).reduce((node, key) => (node === undefined || node === null ? undefined : node[key.replace(/~1/g, '/').replace(/~0/g, '~')]), doc);
}

/** A key as a JSON pointer segment. */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** cdk8s's metadata of a pod template, when the workload exposes one (`podMetadata` of every cdk8s-plus). */
export interface PodMetadataLike {
  addLabel(key: string, value: string): void;
  addAnnotation(key: string, value: string): void;
}

export function podMetadataOf(workload: IConstruct): PodMetadataLike | undefined {
  const meta = (workload as { podMetadata?: Partial<PodMetadataLike> }).podMetadata;
  return meta && typeof meta.addLabel === 'function' && typeof meta.addAnnotation === 'function' ? (meta as PodMetadataLike) : undefined;
}
