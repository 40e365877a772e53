import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ZeroTrustBlueprintProps } from '../../lib';
import { explainPlatform, ServiceExplanation } from '../../lib/cli/explain-report';
import { loadRendered } from '../../lib/cli/rendered-platform';
import { declaredConnectivity } from '../support/declared-connectivity';
import { DEFAULT_ROLES } from '../support/role-closure';
import { EXAMPLE_BLUEPRINT, exampleProps, synthExample } from '../support/synth';
import { generatedBlueprints } from './generated';
import { runCli, scratch, STACK_LINE, writeBlueprint } from './cli-run';

/** `TCP 4143,8080;UDP 53` as the oracle's sorted `TCP/4143` list (ranges of declared flows are small). */
function portList(summary: string): string[] {
  return summary.split(';').filter(Boolean).flatMap((part) => {
    const [protocol, list] = part.split(' ');
    return list.split(',').flatMap((p) => {
      const [from, to] = p.split('-').map(Number);
      return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => `${protocol}/${from + i}`);
    });
  }).sort();
}

/** Whether a service runs a Linkerd proxy, from the blueprint text. */
function meshedInText(props: ZeroTrustBlueprintProps, name: string): boolean {
  const s = props.services.find((x) => x.name === name)!;
  return s.meshed ?? (props.zones ?? []).find((z) => z.name === s.zone)?.meshed ?? true;
}

/** Realm roles a service's client can obtain, from the blueprint text: its roles and all they include. */
function declaredRoles(props: ZeroTrustBlueprintProps, name: string): string[] {
  const includes = new Map((props.roles ?? DEFAULT_ROLES).map((r) => [r.name, r.includes ?? []]));
  const seen = new Set<string>();
  const visit = (r: string) => { if (!seen.has(r)) { seen.add(r); (includes.get(r) ?? []).forEach(visit); } };
  (props.services.find((s) => s.name === name)!.roles ?? []).forEach(visit);
  return [...seen].sort();
}

/** Every disagreement of the explanations with the oracle written from the blueprint text. */
function mismatches(props: ZeroTrustBlueprintProps, explained: ServiceExplanation[]): string[] {
  const declared = declaredConnectivity(props);
  const byName = new Map(explained.map((e) => [e.service, e]));
  const problems: string[] = [];
  for (const src of props.services) {
    const e = byName.get(src.name);
    if (!e?.workload) {
      problems.push(`${src.name}: not explained, or without a workload`);
      continue;
    }
    for (const dst of props.services.filter((s) => s !== src)) {
      const expected = declared.get(`${src.name} -> ${dst.name}`) ?? [];
      const out = portList(e.blastRadius.networkPolicy.find((n) => n.service === dst.name)?.ports ?? '');
      const into = portList(byName.get(dst.name)?.reachedBy.networkPolicy.find((n) => n.service === src.name)?.ports ?? '');
      if (out.join() !== expected.join() || into.join() !== expected.join()) {
        problems.push(`NetworkPolicy ${src.name} -> ${dst.name}: declared ${expected.join(',') || 'nothing'}, blast radius ${out.join(',') || 'nothing'}, reached by ${into.join(',') || 'nothing'}`);
      }
      if (meshedInText(props, src.name) && meshedInText(props, dst.name)) {
        const meshExpected = expected.filter((p) => p.startsWith('TCP/') && p !== 'TCP/4143');
        const meshOut = e.blastRadius.linkerd.filter((m) => m.service === dst.name).map((m) => `TCP/${m.port}`).sort();
        const meshIn = (byName.get(dst.name)?.reachedBy.linkerd ?? []).filter((m) => m.service === src.name).map((m) => `TCP/${m.port}`).sort();
        if (meshOut.join() !== meshExpected.join() || meshIn.join() !== meshExpected.join()) {
          problems.push(`Linkerd ${src.name} -> ${dst.name}: declared ${meshExpected.join(',') || 'nothing'}, blast radius ${meshOut.join(',') || 'nothing'}, reached by ${meshIn.join(',') || 'nothing'}`);
        }
      }
    }
    const keycloak = props.keycloak !== undefined && src.name !== keycloakService(props);
    const roles = keycloak ? declaredRoles(props, src.name) : [];
    const got = e.blastRadius.keycloak?.effective.realm ?? [];
    if (roles.join() !== got.join()) {
      problems.push(`Keycloak roles of ${src.name}: declared ${roles.join(',') || 'none'}, explained ${got.join(',') || 'none'}`);
    }
  }
  return problems;
}

function keycloakService(props: ZeroTrustBlueprintProps): string | undefined {
  return (props.keycloak as { service?: string } | undefined)?.service ?? 'keycloak';
}

describe('cdk8s-zero-trust explain', () => {
  it('agrees with the blueprint text on the reference platform: NetworkPolicy, Linkerd and Keycloak roles', () => {
    const explained = explainPlatform(loadRendered(EXAMPLE_BLUEPRINT).manifests);
    expect(mismatches(exampleProps(), explained)).toEqual([]);
    const api = explained.find((e) => e.service === 'business-api')!;
    expect(api.blastRadius.keycloak?.direct.realm).toEqual(['operator']);
    expect(api.blastRadius.keycloak?.effective.realm).toEqual(['operator', 'viewer']);
    // The edge admits end users to the API's routes only with the token the blueprint requires.
    const reports = api.reachedBy.edge.find((r) => r.path === '/internal/reports')!;
    expect(reports.requires).toEqual(['realm_access.roles: viewer']);
    expect(reports.public).toBe(false);
    // Outside identities (linkerd-viz's Prometheus) are explained by the identity the blueprint names.
    const prometheus = explained.find((e) => e.service === 'prometheus')!;
    expect(prometheus.reachedBy.linkerd.filter((m) => m.service === 'linkerd-viz/prometheus').map((m) => m.portName)).toEqual(['http']);
    expect(explained.find((e) => e.service === 'gateway')!.reachedBy.addresses.map((a) => `${a.cidr} ${a.ports}`)).toEqual(['0.0.0.0/0 TCP 8443', '::/0 TCP 8443']);
  });

  it.each(generatedBlueprints(6).map((props) => ({ props })))('agrees with the blueprint text on generated blueprint %#', ({ props }) => {
    const file = writeBlueprint(props, undefined, 'generated.json');
    expect(mismatches(props, explainPlatform(loadRendered(file).manifests))).toEqual([]);
  });

  it('explains a manifest directory with the real workloads the same as the blueprint with stand-ins', () => {
    const dir = join(scratch(), 'dist');
    mkdirSync(dir);
    writeFileSync(join(dir, 'reference-platform.k8s.yaml'), synthExample().manifests.map((m) => stringify(m)).join('---\n'));
    const fromDist = runCli(['explain', dir, 'business-api', '--format', 'json']);
    expect(fromDist.stderr).toBe('');
    expect(fromDist.status).toBe(0);
    const fromBlueprint = runCli(['explain', EXAMPLE_BLUEPRINT, 'business-api', '--format', 'json']);
    const strip = (out: string) => JSON.parse(out).services.map((s: any) => ({ ...s, workload: undefined }));
    expect(strip(fromDist.stdout)).toEqual(strip(fromBlueprint.stdout));
    expect(JSON.parse(fromDist.stdout).services.map((s: any) => s.service)).toEqual(['business-api']);
  });

  it('prints every layer in text, and an unknown service is an error that lists the known names', () => {
    const text = runCli(['explain', EXAMPLE_BLUEPRINT, 'worker']);
    expect(text.status).toBe(0);
    for (const heading of ['reached by:', 'blast radius (what a compromised worker reaches):', 'NetworkPolicy', 'Linkerd identity', 'edge token', 'Keycloak roles']) {
      expect(text.stdout).toContain(heading);
    }
    expect(text.stdout).toMatch(/addresses +198\.51\.100\.25\/32 +TCP 587/);
    const unknown = runCli(['explain', EXAMPLE_BLUEPRINT, 'wrker']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(`no service "wrker" in ${EXAMPLE_BLUEPRINT} (services: ${exampleProps().services.map((s) => s.name).join(', ')})`);
    expect(unknown.stderr).not.toMatch(STACK_LINE);
  });
});
