// What `npm pack` publishes: the files a consumer needs, importable through `exports`, and no dead weight.
import { execFileSync } from 'child_process';
import { builtinModules } from 'module';
import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

interface PackFile { path: string; size: number }

function packedFiles(): PackFile[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  return (JSON.parse(out) as Array<{ files: PackFile[] }>)[0].files;
}

describe('the npm package', () => {
  const files = packedFiles();
  const paths = files.map((f) => f.path);

  it('ships the licence, the library, its types, the jsii assembly and the blueprint schema', () => {
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'build/index.js', 'build/index.d.ts', '.jsii', 'schema/blueprint.schema.json', 'build/pulumi/index.js']));
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toContain('Apache License');
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).license).toBe('Apache-2.0');
  });

  it('carries no source maps (inline maps used to double the size of the JavaScript)', () => {
    const js = paths.filter((p) => p.startsWith('build/') && p.endsWith('.js')); // our own output, not the bundled ajv and yaml
    expect(js.length).toBeGreaterThan(10);
    const withMaps = js.filter((p) => readFileSync(join(root, p), 'utf8').includes('sourceMappingURL='));
    expect(withMaps).toEqual([]);
    expect(paths.filter((p) => p.startsWith('build/') && p.endsWith('.map'))).toEqual([]);
  });

  it('exports the blueprint schema, so editors and tools can resolve it by package name', () => {
    // A package may import itself by name; Node then applies its `exports` exactly as for a consumer.
    const resolved = execFileSync(process.execPath, ['-e', "process.stdout.write(require.resolve('cdk8s-zero-trust/schema/blueprint.schema.json'))"], { cwd: root, encoding: 'utf8' });
    expect(resolved).toBe(join(root, 'schema', 'blueprint.schema.json'));
    expect(JSON.parse(readFileSync(resolved, 'utf8')).$schema).toMatch(/json-schema/);
  });

  it('declares only jsii peer dependencies; the Pulumi entry point documents its own', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['cdk8s', 'cdk8s-plus-27', 'constructs']);
    expect(pkg.peerDependenciesMeta).toBeUndefined();
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('npm install @pulumi/pulumi @pulumi/keycloak');
  });

  it('requires at run time only its dependencies, its peers and Node built-ins (the Pulumi entry point: its own)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const allowed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies), ...builtinModules]);
    const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
    const outside: string[] = [];
    let external = 0;
    for (const path of paths.filter((p) => p.startsWith('build/') && p.endsWith('.js'))) {
      for (const [, spec] of readFileSync(join(root, path), 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
        const name = packageOf(spec.replace(/^node:/, ''));
        const pulumiEntry = path.startsWith('build/pulumi/') && name.startsWith('@pulumi/');
        if (!spec.startsWith('.')) external++;
        if (!spec.startsWith('.') && !allowed.has(name) && !pulumiEntry) outside.push(`${path}: ${spec}`);
      }
    }
    expect(external).toBeGreaterThan(50); // the scan sees the library's requires
    expect(outside).toEqual([]);
    // The blueprint's shape check is precompiled: ajv is a build-time tool, not shipped.
    expect(Object.keys(pkg.dependencies)).not.toContain('ajv');
  });
});
