import { KeycloakModel } from '../model/keycloak-model';

/**
 * Server options for auditing and proxy trust, besides the fixed ones: user-event metrics (per realm, the
 * counters the alerts read; client IDs stay out of the tags, as an attacker chooses them) and, only with
 * trusted proxies, the addresses whose forwarded headers Keycloak believes.
 */
export function serverHardeningOptions(model: KeycloakModel): { name: string; value: string }[] {
  return [
    { name: 'event-metrics-user-enabled', value: 'true' },
    ...(model.trustedProxyCidrs.length > 0 ? [{ name: 'proxy-trusted-addresses', value: model.trustedProxyCidrs.join(',') }] : []),
  ];
}
