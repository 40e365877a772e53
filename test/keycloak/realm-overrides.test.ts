import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, JsonPatch, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { issuesOfModel } from '../support/blueprint-issues';
import { keycloakBlueprint } from './fixtures';

// `keycloak.realmOverrides` edits the realm model, so every rendering of the realm carries it: the
// KeycloakRealmImport, `realmJson` and the realm file (the Pulumi program: test/pulumi/realm-parity.test.ts).

const OVERRIDES = {
  login: { rememberMe: true, resetPasswordAllowed: true, loginWithEmailAllowed: false },
  eventsListeners: ['email', 'metrics-listener'],
  attributes: { frontendUrl: 'https://login.example.com' },
  displayNameHtml: '<b>Platform</b>',
  loginTheme: 'corporate',
  emailTheme: 'corporate',
};

function withOverrides(overrides: unknown): ZeroTrustBlueprintProps {
  const b = keycloakBlueprint();
  return { ...b, keycloak: { ...b.keycloak!, realmOverrides: overrides as any } };
}

function renderings(props: ZeroTrustBlueprintProps) {
  const chart = new Chart(Testing.app(), 'c');
  const blueprint = new ZeroTrustBlueprint(chart, 'bp', props);
  const fromFile = JSON.parse(readFileSync(blueprint.writeRealmFile(mkdtempSync(join(tmpdir(), 'zt-realm-')))!, 'utf8'));
  const imported = Testing.synth(chart).find((o) => o.kind === 'KeycloakRealmImport').spec.realm;
  return { blueprint, chart, imported, json: JSON.parse(blueprint.realmJson!), fromFile };
}

describe('realm overrides', () => {
  it('reach the realm import, realmJson and the realm file alike', () => {
    const { imported, json, fromFile } = renderings(withOverrides(OVERRIDES));
    expect(json).toEqual(imported);
    expect(fromFile).toEqual(imported);
    expect(imported).toMatchObject({
      rememberMe: true, resetPasswordAllowed: true, loginWithEmailAllowed: false,
      displayNameHtml: '<b>Platform</b>', loginTheme: 'corporate', emailTheme: 'corporate',
    });
    expect(imported.eventsListeners).toEqual(['jboss-logging', 'email', 'metrics-listener']);
    expect(imported.attributes.frontendUrl).toBe('https://login.example.com');
    expect(imported.attributes.adminEventsExpiration).toBeDefined();
    expect(imported.accountTheme).toBeUndefined();
  });

  it('change nothing else: without them the realm keeps its hardened defaults', () => {
    const base = renderings(keycloakBlueprint()).imported;
    const overridden = renderings(withOverrides(OVERRIDES)).imported;
    const changed = Object.keys({ ...base, ...overridden }).filter((k) => JSON.stringify(base[k]) !== JSON.stringify(overridden[k])).sort();
    expect(changed).toEqual(['attributes', 'displayNameHtml', 'emailTheme', 'eventsListeners', 'loginTheme', 'loginWithEmailAllowed', 'rememberMe', 'resetPasswordAllowed']);
    expect(base).toMatchObject({ rememberMe: false, resetPasswordAllowed: false, registrationEmailAsUsername: false, eventsListeners: ['jboss-logging'] });
  });

  it('a JSON patch of the realm import changes only that object', () => {
    const { blueprint, chart, json } = renderings(keycloakBlueprint());
    blueprint.realmImport!.addJsonPatch(JsonPatch.replace('/spec/realm/rememberMe', true));
    expect(Testing.synth(chart).find((o) => o.kind === 'KeycloakRealmImport').spec.realm.rememberMe).toBe(true);
    expect(JSON.parse(blueprint.realmJson!)).toEqual(json);
    expect(json.rememberMe).toBe(false);
  });

  it.each([
    ['an empty listener', { eventsListeners: [''] }, 'keycloak.realmOverrides.eventsListeners[0]', /empty event listener/],
    ['jboss-logging listed', { eventsListeners: ['jboss-logging'] }, 'keycloak.realmOverrides.eventsListeners[0]', /always on/],
    ['a listener twice', { eventsListeners: ['email', 'email'] }, 'keycloak.realmOverrides.eventsListeners[1]', /listed twice/],
    ['the admin-event retention as an attribute', { attributes: { adminEventsExpiration: '1' } }, 'keycloak.realmOverrides.attributes.adminEventsExpiration', /security\.events\.retentionSeconds/],
    ['an empty theme', { loginTheme: ' ' }, 'keycloak.realmOverrides.loginTheme', /empty loginTheme/],
    ['an unknown login option', { login: { allowEverything: true } }, 'keycloak.realmOverrides.login.allowEverything', /unknown field/],
  ])('refuses %s', (_, overrides, path, message) => {
    const issues = issuesOfModel(withOverrides(overrides));
    expect(issues.filter((i) => i.path === path).map((i) => i.message)).toEqual([expect.stringMatching(message)]);
  });
});
