import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { MeshModel, MeshZoneModel } from '../model/mesh-model';

/** Linkerd's namespace (and pod) annotations the blueprint sets. */
export const LINKERD_ANNOTATIONS = {
  /** Policy for ports without a Server: the roll-out mode. Read when a pod starts. */
  defaultInboundPolicy: 'config.linkerd.io/default-inbound-policy',
  /** Proxy HTTP access log format (`apache` or `json`). Read when a pod is injected. */
  accessLog: 'config.linkerd.io/access-log',
} as const;

/** The Linkerd annotations of a zone's namespace: roll-out mode and, when asked, JSON access logs. */
export function meshNamespaceAnnotations(zone: MeshZoneModel, mesh: MeshModel): Record<string, string> {
  return {
    [LINKERD_ANNOTATIONS.defaultInboundPolicy]: zone.mode,
    ...(mesh.accessLogs ? { [LINKERD_ANNOTATIONS.accessLog]: 'json' } : {}),
  };
}

/** Adds the zone's Linkerd annotations to its Namespace object (the `Resource` child of `namespace`). */
export function annotateZoneNamespace(namespace: IConstruct, zone: MeshZoneModel, mesh: MeshModel): void {
  const obj = ApiObject.of(namespace);
  for (const [key, value] of Object.entries(meshNamespaceAnnotations(zone, mesh))) {
    obj.metadata.addAnnotation(key, value);
  }
}
