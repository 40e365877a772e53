import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

// The typed CRD classes under `cdk8s-zero-trust/imports`, as a consumer resolves them: Node applies the
// package's `exports`, TypeScript its `exports` types (node16) or `typesVersions` (node10). Runs on the built
// package (`npm run build`, which `npm test` runs first).

const root = join(__dirname, '..', '..');
const consumer = mkdtempSync(join(tmpdir(), 'zt-imports-'));
mkdirSync(join(consumer, 'node_modules'));
symlinkSync(root, join(consumer, 'node_modules', 'cdk8s-zero-trust'), 'dir');
// The consumer's own dependencies (the package's peers).
for (const peer of ['cdk8s', 'constructs']) {
  symlinkSync(join(root, 'node_modules', peer), join(consumer, 'node_modules', peer), 'dir');
}
afterAll(() => rmSync(consumer, { recursive: true, force: true }));

function resolveFromConsumer(specifier: string): string {
  return execFileSync(process.execPath, ['-e', `process.stdout.write(require.resolve(${JSON.stringify(specifier)}))`], { cwd: consumer, encoding: 'utf8' });
}

const SOURCE = `
import { App, Chart } from 'cdk8s';
import { ZeroTrustBlueprint } from 'cdk8s-zero-trust';
import { linkerd, keycloak } from 'cdk8s-zero-trust/imports';
import { ServerV1Beta3 } from 'cdk8s-zero-trust/imports/policy.linkerd.io';
const chart = new Chart(new App(), 'c');
const bp = new ZeroTrustBlueprint(chart, 'bp', { services: [{ name: 'api', zone: 'app', ports: [{ name: 'http', port: 8080 }] }] });
const server: linkerd.ServerV1Beta3 = bp.service('api').server('http') as ServerV1Beta3;
const spec: linkerd.ServerV1Beta3Spec = { podSelector: {}, port: 'http' };
const kind: string = keycloak.KeycloakRealmImport.GVK.kind;
export { server, spec, kind };
`;

describe('cdk8s-zero-trust/imports', () => {
  it('resolves to the built classes, the whole set and each API group', () => {
    expect(resolveFromConsumer('cdk8s-zero-trust/imports')).toBe(join(root, 'build', 'imports', 'index.js'));
    expect(resolveFromConsumer('cdk8s-zero-trust/imports/policy.linkerd.io')).toBe(join(root, 'build', 'imports', 'policy.linkerd.io.js'));
  });

  it('holds the classes the library renders with: a handle is an instance of its typed class', () => {
    const script = `
      const { App, Chart } = require('cdk8s');
      const { ZeroTrustBlueprint } = require('cdk8s-zero-trust');
      const imports = require('cdk8s-zero-trust/imports');
      const chart = new Chart(new App(), 'c');
      const bp = new ZeroTrustBlueprint(chart, 'bp', { services: [{ name: 'api', zone: 'app', ports: [{ name: 'http', port: 8080 }] }],
        keycloak: undefined });
      process.stdout.write(JSON.stringify({
        server: bp.service('api').server('http') instanceof imports.linkerd.ServerV1Beta3,
        groups: Object.keys(imports).sort(),
      }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: consumer, encoding: 'utf8' }));
    expect(out).toEqual({ server: true, groups: ['certManager', 'envoyGateway', 'gatewayApi', 'keycloak', 'linkerd', 'prometheusOperator', 'trustManager'] });
  });

  it.each([
    ['node16', ts.ModuleResolutionKind.Node16, ts.ModuleKind.Node16],
    ['node10 (typesVersions)', ts.ModuleResolutionKind.Node10, ts.ModuleKind.CommonJS],
  ])('type-checks in a consumer with moduleResolution %s', (_, moduleResolution, module) => {
    const file = join(consumer, 'main.ts');
    writeFileSync(file, SOURCE);
    const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module, moduleResolution, skipLibCheck: true, types: [] });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});
