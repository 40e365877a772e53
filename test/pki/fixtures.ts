import { AppProtocol, TlsUsage, ZeroTrustBlueprintProps } from '../../lib';

/**
 * A small platform with the PKI on: a gateway with a client certificate, Keycloak and a database with
 * server certificates, a service without TLS and a worker without ports.
 */
export function pkiBlueprint(): ZeroTrustBlueprintProps {
  return {
    pki: {},
    services: [
      {
        name: 'gateway', zone: 'dmz',
        ports: [{ name: 'https', port: 443, targetPort: 8443, appProtocol: AppProtocol.TCP }],
        allowFrom: [{ internet: true }],
        tls: { usage: TlsUsage.CLIENT, secretName: 'gateway-client-tls' },
      },
      {
        name: 'keycloak', zone: 'app',
        ports: [{ name: 'https', port: 8443, appProtocol: AppProtocol.TCP }],
        allowFrom: [{ service: 'gateway' }, { zone: 'app' }],
        tls: {},
      },
      { name: 'api', zone: 'app', ports: [{ name: 'http', port: 8080 }], allowFrom: [{ service: 'gateway' }] },
      {
        name: 'db', zone: 'data',
        ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }],
        allowFrom: [{ service: 'api' }, { service: 'keycloak' }],
        tls: { usage: TlsUsage.SERVER_AND_CLIENT, dnsNames: ['db.example.internal'] },
      },
      { name: 'worker', zone: 'app' },
    ],
  };
}

/** A deep copy of `base` (default: the PKI fixture), changed by `mutate` (any shape, as YAML can). */
export function pkiMutated(mutate: (b: any) => void, base: ZeroTrustBlueprintProps = pkiBlueprint()): ZeroTrustBlueprintProps {
  const b = JSON.parse(JSON.stringify(base));
  mutate(b);
  return b;
}

/** The cert-manager and trust-manager objects of a synthesized output. */
export function pkiObjects(manifests: readonly any[]): any[] {
  return manifests.filter((m) => /^(cert-manager\.io|trust\.cert-manager\.io)\//.test(m.apiVersion));
}

/** Objects of one kind, keyed `namespace/name` (cluster-scoped: `name`). */
export function byKind(manifests: readonly any[], kind: string): Map<string, any> {
  return new Map(manifests.filter((m) => m.kind === kind)
    .map((m) => [m.metadata.namespace ? `${m.metadata.namespace}/${m.metadata.name}` : m.metadata.name, m]));
}
