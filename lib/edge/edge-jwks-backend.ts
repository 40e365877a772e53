import { Construct } from 'constructs';
import { BackendTlsPolicy, ReferenceGrant } from '../imports/gateway.networking.k8s.io';
import { LABELS, managedLabels } from '../labels';
import { EdgeJwksBackendModel, EdgeModel } from '../model/edge-model';

/** Name of the BackendTLSPolicy (and ReferenceGrant) that let the edge's proxy fetch the JWKS from Keycloak. */
export function jwksBackendObjectName(backend: EdgeJwksBackendModel): string {
  return `${backend.service.name}-edge-jwks`;
}

/**
 * Keycloak's Service as the proxy's JWKS backend: a `BackendTLSPolicy` (on the Service's `https` port) makes the
 * proxy verify Keycloak's certificate against the service CA's trust bundle, for the name it was issued for.
 */
export class EdgeJwksBackendTls extends Construct {
  constructor(scope: Construct, id: string, backend: EdgeJwksBackendModel) {
    super(scope, id);
    new BackendTlsPolicy(this, 'Resource', {
      metadata: { name: jwksBackendObjectName(backend), namespace: backend.service.namespace, labels: managedLabels({ [LABELS.service]: backend.service.name }) },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: backend.service.name, sectionName: backend.port.name }],
        validation: {
          caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: backend.caConfigMap.name }],
          hostname: backend.hostname,
        },
      },
    });
  }
}

/**
 * The SecurityPolicies of APIs in other namespaces than Keycloak's refer to its Service: the Gateway API
 * requires a `ReferenceGrant` in Keycloak's namespace for a reference across namespaces.
 */
export class EdgeJwksReferenceGrant extends Construct {
  /** Whether any SecurityPolicy of the edge refers to Keycloak's Service from another namespace. */
  public static needed(edge: EdgeModel, backend: EdgeJwksBackendModel): boolean {
    return edge.apis.some((a) => a.service.namespace !== backend.service.namespace);
  }

  constructor(scope: Construct, id: string, edge: EdgeModel, backend: EdgeJwksBackendModel) {
    super(scope, id);
    const namespaces = [...new Set(edge.apis.map((a) => a.service.namespace).filter((n) => n !== backend.service.namespace))].sort();
    new ReferenceGrant(this, 'Resource', {
      metadata: { name: jwksBackendObjectName(backend), namespace: backend.service.namespace, labels: managedLabels({ [LABELS.service]: backend.service.name }) },
      spec: {
        from: namespaces.map((namespace) => ({ group: 'gateway.envoyproxy.io', kind: 'SecurityPolicy', namespace })),
        to: [{ group: '', kind: 'Service', name: backend.service.name }],
      },
    });
  }
}
