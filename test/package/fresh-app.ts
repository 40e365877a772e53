// What a new user starts from: the files `cdk8s init typescript-app` writes, and the README's example.
// The real `cdk8s init` cannot run here: its post-install hook runs `cdk8s import k8s`, which downloads the
// Kubernetes schema from GitHub, and it pins cdk8s-plus-33 whatever the newest is. So the template is
// rendered from the installed cdk8s-cli itself (the same files and variables as its `init`), without the
// hook, and its cdk8s-plus dependency is replaced by the newest one.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { basename, join } from 'path';
import { repoRoot } from '../support/tools';

const cliDir = () => join(repoRoot(), 'node_modules', 'cdk8s-cli');
const versionOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version as string;

/** The cdk8s-plus major the CLI's `init` scaffolds (the key of the template's dependency). */
export function templateCdk8sPlus(): string {
  const pkg = readFileSync(join(cliDir(), 'templates', 'typescript-app', 'package.json'), 'utf8');
  const name = /"(cdk8s-plus-\d+)"/.exec(pkg)?.[1];
  if (!name) throw new Error('the typescript-app template declares no cdk8s-plus dependency');
  return name;
}

/**
 * Writes the typescript-app template into `dir` (empty or missing) as `cdk8s init` does (sscaff: `{{ var }}`
 * in names and contents; the hook file is not copied), with `cdk8sPlus` at `^version` instead of the
 * template's cdk8s-plus.
 */
export function scaffoldTypescriptApp(dir: string, cdk8sPlus: { name: string; version: string }): void {
  const cli = cliDir();
  const cliPkg = JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8'));
  const vars: Record<string, string> = {
    $base: basename(dir),
    cdk8s_core_version: versionOf(join(repoRoot(), 'node_modules', 'cdk8s')),
    cdk8s_plus_version: cdk8sPlus.version,
    constructs_version: String(cliPkg.dependencies.constructs).replace('^', ''),
    cdk8s_cli_spec: `^${cliPkg.version}`,
  };
  const render = (text: string) => text.replace(/\{\{ *([$\w]*) *\}\}/g, (whole, key: string) => {
    if (key === '') return '';
    if (!(key in vars)) throw new Error(`template variable ${whole} is unknown: the cdk8s-cli template changed`);
    return vars[key];
  });
  const copy = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      if (entry === '.hooks.sscaff.js') continue;
      const source = join(from, entry);
      const target = join(to, render(entry));
      if (statSync(source).isDirectory()) copy(source, target);
      else if (entry.endsWith('.snap')) copyFileSync(source, target);
      else writeFileSync(target, render(readFileSync(source, 'utf8')));
    }
  };
  copy(join(cli, 'templates', 'typescript-app'), dir);
  const pkgFile = join(dir, 'package.json');
  const pkg = readFileSync(pkgFile, 'utf8').replace(/"cdk8s-plus-\d+": "[^"]*"/, `"${cdk8sPlus.name}": "^${cdk8sPlus.version}"`);
  writeFileSync(pkgFile, pkg);
}

/** The README's usage example: the ```ts block right after the `<!-- usage-example ... -->` marker. */
export function readmeUsageExample(): string {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const m = /<!-- usage-example\b[^>]*-->\s*```ts\n([\s\S]*?)\n```/.exec(readme);
  if (!m?.[1]) throw new Error('README.md has no ```ts block after a <!-- usage-example --> marker');
  return `${m[1]}\n`;
}

/** The example with its cdk8s-plus import switched to `cdk8sPlus` (the one change the README tells users to make). */
export function withCdk8sPlus(example: string, cdk8sPlus: string): string {
  const imports = example.match(/from 'cdk8s-plus-\d+'/g) ?? [];
  if (imports.length !== 1) throw new Error(`the README example should import one cdk8s-plus, found ${imports.length}`);
  return example.replace(/from 'cdk8s-plus-\d+'/, `from '${cdk8sPlus}'`);
}
