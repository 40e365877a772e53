// The "done when": a fresh cdk8s app with the newest cdk8s-plus installs the packed tarball,
// compiles and synthesizes the README's example verbatim (and with the newest cdk8s-plus import), and
// the output is the repo's own synthesis of the same example. Each step is a command in the app and its
// expected result; later steps (the CLI, the validation plugin) are one entry each in STEPS.
import { execFile } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../support/tools';
import { readmeUsageExample, scaffoldTypescriptApp, templateCdk8sPlus, withCdk8sPlus } from './fresh-app';

const run = promisify(execFile);
const root = repoRoot();
const REFERENCE_BLUEPRINT = join(root, 'examples', 'reference-platform', 'blueprint.yaml');
const VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
/**
 * The plugin entry docs/validation-plugin.md gives: a path (a bare name makes the CLI run npm install) and a
 * pinned version. The README example binds only `orders`: the gateway's and PostgreSQL's pods come from
 * elsewhere, so their Servers select no pod in this output (ZT-RULE-005), acknowledged with a reason.
 */
const PLUGIN_ENTRY = `validations:
  - package: ./node_modules/cdk8s-zero-trust
    version: ${VERSION}
    class: ZeroTrustValidation
    properties:
      acknowledgments:
        - ruleId: ZT-RULE-005
          resource: Server/dmz/gateway-https
          reason: the gateway is deployed by its own chart
        - ruleId: ZT-RULE-005
          resource: Server/data/postgresql-postgresql
          reason: PostgreSQL is deployed by its operator
`;
/** A hand-written workload in a namespace without NetworkPolicies, next to nothing else. */
const EXTRA_APP = `import { App, Chart, ApiObject } from 'cdk8s';
const app = new App();
const chart = new Chart(app, 'extra');
new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } });
new ApiObject(chart, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'legacy', namespace: 'legacy' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });
app.synth();
`;
const offline = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', npm_config_update_notifier: 'false' };

/** The oldest supported cdk8s-plus (the README example's) and the newest this repo tests (its newest devDependency). */
const OLDEST = 'cdk8s-plus-27';
const NEWEST = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies)
  .filter((name) => /^cdk8s-plus-\d+$/.test(name)).sort((a, b) => major(a) - major(b)).pop()!;
function major(cdk8sPlus: string): number { return Number(cdk8sPlus.replace('cdk8s-plus-', '')); }

interface StepResult { stdout: string; stderr: string; exitCode: number }
interface AppStep {
  name: string;
  /** Files to write or remove in the app before the command. */
  prepare?: (app: string) => void;
  /** The command, run in the app dir (offline: no cdk8s upgrade check); a function when it needs run-time values. */
  command?: string[] | (() => string[]);
  /** @default 0 */
  exitCode?: number;
  /** Assertions on the app and the command's output. */
  check?: (app: string, result: StepResult) => void | Promise<void>;
}

let work: string;
let app: string;
let tarball: string;
let newestVersion: string;

/** The objects of the one manifest file of `dist`. */
function manifests(dist: string): { yaml: string; objects: any[] } {
  expect(readdirSync(dist)).toEqual(['platform.k8s.yaml']);
  const yaml = readFileSync(join(dist, 'platform.k8s.yaml'), 'utf8');
  return { yaml, objects: parseAllDocuments(yaml).map((d) => d.toJS()) };
}

/** The README example run inside this repo (its lib, cdk8s and cdk8s-plus): the output the fresh app must equal. */
async function repoSynthesis(cdk8sPlus: string): Promise<string> {
  const dir = mkdtempSync(join(work, `repo-${cdk8sPlus}-`));
  const source = withCdk8sPlus(readmeUsageExample(), cdk8sPlus)
    .replace(/from 'cdk8s'/g, `from '${join(root, 'node_modules', 'cdk8s')}'`)
    .replace(`from '${cdk8sPlus}'`, `from '${join(root, 'node_modules', cdk8sPlus)}'`)
    .replace(/from 'cdk8s-zero-trust'/g, `from '${join(root, 'lib')}'`);
  writeFileSync(join(dir, 'main.ts'), source);
  await run(join(root, 'node_modules', '.bin', 'tsx'), [join(dir, 'main.ts')], { cwd: dir, env: { ...offline, CDK8S_OUTDIR: join(dir, 'dist') } });
  return manifests(join(dir, 'dist')).yaml;
}

/** What the README's blueprint says, checked on the synthesized objects (names as the README tables give them). */
function expectReadmePlatform(objects: any[]): void {
  const find = (kind: string, namespace: string | undefined, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
  for (const zone of ['dmz', 'app', 'data']) {
    expect(find('Namespace', undefined, zone), `namespace ${zone}`).toBeDefined();
    expect(find('NetworkPolicy', zone, 'default-deny'), `default-deny in ${zone}`).toBeDefined();
  }
  const admits = (policy: any, zone: string, port: number) =>
    policy.spec.ingress.some((r: any) => JSON.stringify(r.from).includes(`"${zone}"`) && r.ports.some((p: any) => p.port === port));
  expect(admits(find('NetworkPolicy', 'app', 'orders-ingress'), 'dmz', 8080)).toBe(true);
  expect(admits(find('NetworkPolicy', 'data', 'postgresql-ingress'), 'app', 5432)).toBe(true);
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  expect(deployments).toHaveLength(1);
  const pod = deployments[0].spec.template.spec;
  expect(deployments[0].metadata.namespace).toBe('app');
  expect(pod.serviceAccountName).toBe('orders');
  expect(pod.containers[0].ports).toEqual([expect.objectContaining({ containerPort: 8080 })]);
  expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
}

const synthOf = (cdk8sPlus: string, main: string, out: string): AppStep => ({
  name: `synthesize the example with ${cdk8sPlus} (npx cdk8s synth, ${main})`,
  command: ['npx', 'cdk8s', 'synth', '--app', `npx ts-node ${main}`, '--output', out],
  check: async (dir) => {
    const fresh = manifests(join(dir, out));
    expectReadmePlatform(fresh.objects);
    expect(fresh.yaml).toBe(await repoSynthesis(cdk8sPlus));
  },
});

const STEPS: AppStep[] = [
  {
    name: `npm install: the template's dependencies, with the newest ${NEWEST} from the registry`,
    command: ['npm', 'install', '--no-audit', '--no-fund'],
    check: (dir) => {
      const installed = JSON.parse(readFileSync(join(dir, 'node_modules', NEWEST, 'package.json'), 'utf8')).version;
      expect(installed).toBe(newestVersion);
    },
  },
  {
    name: 'npm install the packed tarball (its peer dependencies come with it)',
    command: () => ['npm', 'install', '--no-audit', '--no-fund', tarball],
    check: (dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(pkg.dependencies['cdk8s-zero-trust']).toMatch(/^file:.*cdk8s-zero-trust-0\.1\.0\.tgz$/);
      expect(existsSync(join(dir, 'node_modules', 'cdk8s-zero-trust', 'build', 'index.js'))).toBe(true);
    },
  },
  {
    name: `paste the README example into main.ts verbatim, and a copy importing ${NEWEST}`,
    prepare: (dir) => {
      // The template's test and snapshot exercise its placeholder chart, which the example replaces.
      rmSync(join(dir, 'main.test.ts'));
      rmSync(join(dir, '__snapshots__'), { recursive: true });
      writeFileSync(join(dir, 'main.ts'), readmeUsageExample());
      writeFileSync(join(dir, `main-${NEWEST}.ts`), withCdk8sPlus(readmeUsageExample(), NEWEST));
    },
    check: (dir) => expect(readFileSync(join(dir, 'main.ts'), 'utf8')).toContain(`from '${OLDEST}'`),
  },
  { name: 'compile (npm run compile: tsc --build)', command: ['npm', 'run', 'compile'] },
  synthOf(OLDEST, 'main.ts', 'dist'),
  synthOf(NEWEST, `main-${NEWEST}.ts`, `dist-${NEWEST}`),
  {
    name: 'the CLI checks the reference blueprint (npx cdk8s-zero-trust check)',
    prepare: (dir) => writeFileSync(join(dir, 'blueprint.yaml'), readFileSync(REFERENCE_BLUEPRINT, 'utf8')),
    command: ['npx', 'cdk8s-zero-trust', 'check', 'blueprint.yaml'],
    check: (_dir, r) => expect(r.stdout).toMatch(/^blueprint\.yaml: valid: \d+ zones, \d+ services, \d+ declared flows$/m),
  },
  {
    name: 'the CLI reports a bad blueprint with its path and code, as JSON, without a stack trace',
    prepare: (dir) => writeFileSync(join(dir, 'bad.yaml'), readFileSync(join(dir, 'blueprint.yaml'), 'utf8').replace(/port: 8443\b/, 'port: 70000')),
    command: ['npx', 'cdk8s-zero-trust', 'check', 'bad.yaml', '--format', 'json'],
    exitCode: 1,
    check: (_dir, r) => {
      const problems = JSON.parse(r.stdout);
      expect(problems.some((p: any) => /^services\[\d+\]\.ports\[\d+\]\.port$/.test(p.path) && /^ZT-/.test(p.code))).toBe(true);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
  },
  {
    name: 'the CLI explains a service of the reference blueprint (who reaches it, its blast radius)',
    command: ['npx', 'cdk8s-zero-trust', 'explain', 'blueprint.yaml', 'business-api', '--format', 'json'],
    check: (_dir, r) => {
      const [explained] = JSON.parse(r.stdout).services;
      expect(explained.service).toBe('business-api');
      expect(explained.reachedBy.networkPolicy.length).toBeGreaterThan(0);
      expect(explained.blastRadius.networkPolicy.length + explained.blastRadius.linkerd.length).toBeGreaterThan(0);
    },
  },
  {
    name: 'the CLI draws the reference blueprint as a Mermaid diagram',
    command: ['npx', 'cdk8s-zero-trust', 'graph', 'blueprint.yaml'],
    check: (_dir, r) => {
      expect(r.stdout).toMatch(/^flowchart\b/m);
      expect(r.stdout).toContain('business-api');
    },
  },
  {
    name: "the validation plugin runs in the app's cdk8s.yaml and passes on the example's output",
    prepare: (dir) => writeFileSync(join(dir, 'cdk8s.yaml'), `${readFileSync(join(dir, 'cdk8s.yaml'), 'utf8').trimEnd()}\n${PLUGIN_ENTRY}`),
    command: ['npx', 'cdk8s', 'synth', '--output', 'dist-validated'],
    check: (dir, r) => {
      // The plugin ran (its report names the pack) and found nothing; with a validation configured the
      // CLI also has the app write construct-metadata.json beside the manifests.
      const report = `${r.stdout}${r.stderr}`;
      expect(report).toMatch(/Performing validations/);
      expect(report).toMatch(/findings\s*│\s*0\s/);
      expect(report).toMatch(/acknowledged\s*│\s*2\s/);
      expect(existsSync(join(dir, 'dist-validated', 'platform.k8s.yaml'))).toBe(true);
    },
  },
  {
    name: 'the validation plugin fails the synthesis on a hand-written manifest without default-deny',
    prepare: (dir) => writeFileSync(join(dir, 'extra.ts'), EXTRA_APP),
    command: ['npx', 'cdk8s', 'synth', '--app', 'npx ts-node extra.ts', '--output', 'dist-extra'],
    exitCode: 2,
    check: (_dir, r) => expect(`${r.stdout}${r.stderr}`).toContain('ZT-RULE-001'),
  },
];

describe(`a fresh cdk8s app with ${NEWEST} and the packed tarball`, () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'zt-fresh-app-'));
    app = join(work, 'platform-app');
    // `npm test` builds first; the tarball holds build/, .jsii and the schema exactly as published.
    const packed = JSON.parse((await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, env: offline })).stdout);
    tarball = join(work, packed[0].filename);
    newestVersion = (await run('npm', ['view', NEWEST, 'version'], { env: offline })).stdout.trim();
    scaffoldTypescriptApp(app, { name: NEWEST, version: newestVersion });
  }, 600_000);
  // The app's node_modules alone are about 200 MB.
  afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

  it(`tests a cdk8s-plus at least as new as the one cdk8s init scaffolds (${templateCdk8sPlus()})`, () => {
    expect(major(NEWEST)).toBeGreaterThanOrEqual(major(templateCdk8sPlus()));
    expect(major(OLDEST)).toBeLessThan(major(NEWEST));
  });

  let failed: string | undefined;
  for (const step of STEPS) {
    it(step.name, async () => {
      if (failed) throw new Error(`not run: the step "${failed}" failed`);
      try {
        step.prepare?.(app);
        let result: StepResult = { stdout: '', stderr: '', exitCode: 0 };
        if (step.command) {
          const command = typeof step.command === 'function' ? step.command() : step.command;
          const [cmd, ...args] = command;
          result = await run(cmd!, args, { cwd: app, env: offline, maxBuffer: 64 * 1024 * 1024 })
            .then((r) => ({ ...r, exitCode: 0 }), (e) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? String(e), exitCode: typeof e.code === 'number' ? e.code : -1 }));
          expect(result.exitCode, `${command.join(' ')}\n${result.stderr}\n${result.stdout}`.slice(0, 8000)).toBe(step.exitCode ?? 0);
        }
        await step.check?.(app, result);
      } catch (e) {
        failed = step.name;
        throw e;
      }
    }, 600_000);
  }
});
