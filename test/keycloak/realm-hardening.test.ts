// The realm's hardening, read from the RealmRepresentation: what the blueprint says reaches the realm.
import { describe, expect, it } from 'vitest';
import { synthBlueprint } from '../support/synth';
import { keycloakBlueprint, mutatedKeycloak } from './fixtures';

const realmOf = (props: any) => synthBlueprint(props).find((m) => m.kind === 'KeycloakRealmImport').spec.realm;
const executors = (realm: any, profile: string) => realm.clientProfiles.profiles.find((p: any) => p.name === profile).executors.map((e: any) => e.executor);

describe('realm hardening', () => {
  const realm = realmOf(keycloakBlueprint());

  it('gives no client offline_access unless the blueprint allows it, and ends offline sessions', () => {
    for (const c of realm.clients.filter((x: any) => x.clientId !== 'admin-cli')) {
      expect(c.optionalClientScopes, c.clientId).toEqual([]);
      expect(c.defaultClientScopes, c.clientId).toContain('roles');
    }
    expect(realm).toMatchObject({ offlineSessionIdleTimeout: 604_800, offlineSessionMaxLifespanEnabled: true, offlineSessionMaxLifespan: 2_592_000 });
    const allowed = realmOf(mutatedKeycloak((b) => {
      b.keycloak.clients[0].offlineAccess = true;
      b.keycloak.security = { offlineSessionIdleTimeoutSeconds: 3600, offlineSessionMaxLifespanSeconds: 86_400 };
    }));
    expect(allowed.clients.find((c: any) => c.clientId === 'spa').optionalClientScopes).toEqual(['offline_access']);
    expect(allowed.clients.find((c: any) => c.clientId === 'api').optionalClientScopes).toEqual([]);
    expect(allowed).toMatchObject({ offlineSessionIdleTimeout: 3600, offlineSessionMaxLifespan: 86_400 });
  });

  it('closes the built-in admin-cli to the password grant', () => {
    expect(realm.clients.find((c: any) => c.clientId === 'admin-cli')).toMatchObject({ publicClient: true, directAccessGrantsEnabled: false, standardFlowEnabled: false });
  });

  it('holds every client to PKCE, no implicit flow and secure redirect URIs; public clients only when a blueprint client opts out of PKCE', () => {
    expect(executors(realm, 'zero-trust-all-clients')).toEqual(['reject-implicit-grant', 'secure-redirect-uris-enforcer', 'pkce-enforcer']);
    expect(realm.clientPolicies.policies.map((p: any) => [p.name, p.conditions[0].condition])).toEqual([
      ['zero-trust-all-clients', 'any-client'], ['zero-trust-confidential-clients', 'client-access-type'],
    ]);
    const optOut = realmOf(mutatedKeycloak((b) => {
      b.keycloak.clients.push({ clientId: 'legacy-portal', redirectUris: ['https://legacy.example.com/cb'], pkce: false });
    }));
    expect(executors(optOut, 'zero-trust-all-clients')).not.toContain('pkce-enforcer');
    const pkcePolicy = optOut.clientPolicies.policies.find((p: any) => p.profiles.some((name: string) => executors(optOut, name).includes('pkce-enforcer')));
    expect(pkcePolicy.conditions).toEqual([{ condition: 'client-access-type', configuration: { type: ['public'] } }]);
  });

  it('turns permanent lockout after N temporary lockouts on only when asked', () => {
    expect(realm).toMatchObject({ permanentLockout: false, maxTemporaryLockouts: 0 });
    expect(realmOf(mutatedKeycloak((b) => { b.keycloak.security = { bruteForce: { permanentLockout: true, maxTemporaryLockouts: 3 } }; })))
      .toMatchObject({ permanentLockout: true, maxTemporaryLockouts: 3 });
  });

  it('declares the signing keys with priority and state, besides Keycloak\'s usual encryption, HMAC and AES keys', () => {
    const keys = (r: any) => r.components['org.keycloak.keys.KeyProvider'].map((k: any) => [k.name, k.providerId, k.config.priority?.[0], k.config.active[0], k.config.enabled[0]]);
    expect(keys(realm)).toEqual([
      ['rsa-signing', 'rsa-generated', '200', 'true', 'true'],
      ['rsa-enc-generated', 'rsa-enc-generated', '100', 'true', 'true'],
      ['hmac-generated-hs512', 'hmac-generated', '100', 'true', 'true'],
      ['aes-generated', 'aes-generated', '100', 'true', 'true'],
    ]);
    const rotating = realmOf(mutatedKeycloak((b) => {
      b.keycloak.signingKeys = [{ name: 'rsa-2026', priority: 300 }, { name: 'rsa-2025', state: 'passive' }, { name: 'rsa-2024', state: 'disabled' }];
    }));
    expect(keys(rotating).slice(0, 3)).toEqual([
      ['rsa-2024', 'rsa-generated', '200', 'false', 'false'],
      ['rsa-2025', 'rsa-generated', '200', 'false', 'true'],
      ['rsa-2026', 'rsa-generated', '300', 'true', 'true'],
    ]);
  });
});
