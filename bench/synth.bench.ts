// Synthesis speed for blueprints of growing size: `npm run bench`. Measured here, never in unit tests.
import { Chart, Testing } from 'cdk8s';
import { bench, describe } from 'vitest';
import { ServiceProps, ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../lib';
import { exampleProps } from '../test/support/synth';

/** `n` app services, each called by the previous one and by the gateway, each calling one database. */
function largeBlueprint(n: number): ZeroTrustBlueprintProps {
  const services: ServiceProps[] = [
    { name: 'gateway', zone: 'dmz', ports: [{ name: 'https', port: 8443 }], allowFrom: [{ internet: true }] },
    { name: 'prometheus', zone: 'management', metricsScraper: true, ports: [{ name: 'http', port: 9090 }] },
  ];
  for (let i = 0; i < n; i++) {
    services.push({
      name: `svc-${i}`,
      zone: 'app',
      ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090, metrics: true }],
      allowFrom: [{ service: 'gateway' }, ...(i > 0 ? [{ service: `svc-${i - 1}` }] : [])],
    });
    services.push({ name: `db-${i}`, zone: 'data', ports: [{ name: 'postgresql', port: 5432 }], allowFrom: [{ service: `svc-${i}` }] });
  }
  return { services };
}

function synth(props: ZeroTrustBlueprintProps): number {
  const chart = new Chart(Testing.app(), 'bench');
  new ZeroTrustBlueprint(chart, 'bp', props);
  return Testing.synth(chart).length;
}

describe('synthesis', () => {
  const example = exampleProps();
  const medium = largeBlueprint(50);
  const large = largeBlueprint(250);
  bench('reference platform', () => { synth(example); });
  bench('100 services', () => { synth(medium); });
  bench('500 services', () => { synth(large); }, { iterations: 5 });
});
