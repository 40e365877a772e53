import { AppProtocol, ZeroTrustBlueprintProps } from '../../lib';

/** A small valid blueprint that the bad-input cases break one field at a time. */
export function validBlueprint(): ZeroTrustBlueprintProps {
  return {
    services: [
      { name: 'gateway', zone: 'dmz', ports: [{ name: 'https', port: 443, targetPort: 8443, appProtocol: AppProtocol.TCP }], allowFrom: [{ internet: true }] },
      { name: 'api', zone: 'app', ports: [{ name: 'http', port: 8080 }], allowFrom: [{ service: 'gateway' }] },
      { name: 'db', zone: 'data', ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }], allowFrom: [{ service: 'api' }] },
      { name: 'prometheus', zone: 'management', metricsScraper: true, ports: [{ name: 'http', port: 9090 }] },
    ],
  };
}

/** A deep copy of the valid blueprint, changed by `mutate` (which may use any shape, like YAML can). */
export function mutated(mutate: (b: any) => void): ZeroTrustBlueprintProps {
  const b = JSON.parse(JSON.stringify(validBlueprint()));
  mutate(b);
  return b;
}
