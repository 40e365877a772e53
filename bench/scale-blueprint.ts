// The generated blueprints the benchmark measures. Public API only, so they stay valid across refactors: its
// types, and the one enum from its own module, which imports nothing (the benchmark loads the library from
// the built package, and would otherwise load the sources as well).
import type { ServiceProps, ZeroTrustBlueprintProps } from '../lib';
import { HttpMethod } from '../lib/blueprint/mesh';

export interface ScaleOptions {
  /** Every app service also allows its whole zone (`allowFrom: [{ zone: app }]`). */
  readonly zoneFlows?: boolean;
}

/**
 * About `total` services: a gateway, a scraper, and app services with one database each: every service is called by the
 * gateway and by its predecessor and calls its own database; every fifth has two routes and a flow
 * from the holders of `viewer` (every tenth service holds it); every fiftieth (another one) is called by
 * its whole zone on `http`; the PKI is on.
 */
export function scaleBlueprint(total: number, options: ScaleOptions = {}): ZeroTrustBlueprintProps {
  const n = Math.max(1, Math.floor((total - 2) / 2));
  const services: ServiceProps[] = [
    { name: 'gateway', zone: 'dmz', ports: [{ name: 'https', port: 8443 }], allowFrom: [{ internet: true }] },
    { name: 'prometheus', zone: 'management', metricsScraper: true, ports: [{ name: 'http', port: 9090 }] },
  ];
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const callers = ['gateway', ...(i > 0 ? [`svc-${i - 1}`] : [])];
    const routed = i % 5 === 0;
    services.push({
      name,
      zone: 'app',
      ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090, metrics: true }],
      roles: i % 10 === 1 ? ['viewer'] : undefined,
      allowFrom: [
        ...callers.map((service) => ({ service })),
        ...(routed ? [{ roles: ['viewer'], ports: ['http'] }] : []),
        ...(options.zoneFlows || i % 50 === 7 ? [{ zone: 'app', ports: ['http'] }] : []),
      ],
      routes: routed && !options.zoneFlows ? [
        { name: 'read', path: '/api/', methods: [HttpMethod.GET], allowServices: callers, allowRoles: ['viewer'] },
        { name: 'write', path: '/api/', methods: [HttpMethod.POST, HttpMethod.PUT], allowServices: callers },
      ] : undefined,
    });
    services.push({ name: `db-${i}`, zone: 'data', ports: [{ name: 'postgresql', port: 5432 }], allowFrom: [{ service: name }] });
  }
  return { services, pki: {} };
}
