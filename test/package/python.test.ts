// The jsii Python target: the wheel jsii-pacmak builds installs next to cdk8s and cdk8s-plus from PyPI,
// and a Python app synthesizes exactly what the TypeScript app does (docs/python.md).
import { execFile } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { synthDist } from '../support/synth-dist';
import { EXAMPLE_BLUEPRINT } from '../support/synth';
import { repoRoot, toolPath } from '../support/tools';
import { DUMP_NAME_MAPPINGS, PythonStructWriter } from './python-structs';

const root = repoRoot();
const scripts = join(__dirname, 'python');
const quietNode = { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' };

// Asynchronous, so the test worker keeps answering the runner during the minutes of the wheel build.
const run = promisify(execFile);
let work: string;
let wheel: string;
let interpreter: string;

/** Runs the tool venv's Python with the freshly built wheel on its path (installed into `work`, not into the venv). */
async function python(args: string[], opts: { withWheel: boolean } = { withWheel: true }): Promise<string> {
  const env = { ...quietNode, ...(opts.withWheel ? { PYTHONPATH: join(work, 'site') } : {}) };
  return (await run(interpreter, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zt-python-'));
  interpreter = toolPath('py-cdk8s');
  // The assembly must be the current build: `npm test` builds before vitest; alone, run `npm run build` first.
  await run(join(root, 'node_modules', '.bin', 'jsii-pacmak'), ['--targets', 'python', '--outdir', join(work, 'dist')], { cwd: root, env: quietNode });
  const wheels = readdirSync(join(work, 'dist', 'python')).filter((f) => f.endsWith('.whl'));
  expect(wheels).toEqual(['cdk8s_zero_trust-0.1.0-py3-none-any.whl']);
  wheel = join(work, 'dist', 'python', wheels[0]);
  await run(interpreter, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', join(work, 'site'), wheel]);
}, 600_000);
// The wheel, its install and the outputs (tens of MB) go with the run.
afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

/** The Python reference app (test/package/python/reference_platform.py) into a fresh dir: its manifests and realm file. */
async function pythonReference(extraArgs: string[] = []): Promise<{ yaml: string; realm: string }> {
  const out = mkdtempSync(join(work, 'out-'));
  await python([join(scripts, 'reference_platform.py'), join(out, 'dist'), EXAMPLE_BLUEPRINT, ...extraArgs]);
  expect(readdirSync(join(out, 'dist'))).toEqual(['reference-platform.k8s.yaml']);
  return {
    yaml: readFileSync(join(out, 'dist', 'reference-platform.k8s.yaml'), 'utf8'),
    realm: readFileSync(join(out, 'dist-keycloak', 'platform-realm.json'), 'utf8'),
  };
}

describe('the Python package', () => {
  let typescript: { yaml: string; realm: string };
  beforeAll(() => {
    const dist = synthDist(); // the README's `cdk8s synth` of examples/reference-platform/main.ts
    typescript = {
      yaml: readFileSync(join(dist.dir, 'reference-platform.k8s.yaml'), 'utf8'),
      realm: readFileSync(`${dist.dir}-keycloak/platform-realm.json`, 'utf8'),
    };
  });

  it('is the wheel cdk8s-zero-trust, module cdk8s_zero_trust, whose dependencies cdk8s and cdk8s-plus from PyPI satisfy', async () => {
    const metadata = await python(['-c', `import zipfile, sys; z = zipfile.ZipFile(sys.argv[1]); print(z.read("cdk8s_zero_trust-0.1.0.dist-info/METADATA").decode())`, wheel]);
    expect(metadata).toMatch(/^Name: cdk8s-zero-trust$/m);
    const requires = [...metadata.matchAll(/^Requires-Dist: ([\w-]+)/gm)].map((m) => m[1]);
    expect(requires).toEqual(expect.arrayContaining(['cdk8s', 'cdk8s-plus-27', 'constructs', 'jsii']));
    // Offline and without changing the venv: pip resolves the wheel's requirements from what is installed.
    const dryRun = await python(['-m', 'pip', 'install', '--dry-run', '--no-index', '--disable-pip-version-check', wheel], { withWheel: false });
    expect(dryRun).toContain('Would install cdk8s-zero-trust-0.1.0');
    expect((await python(['-c', 'import cdk8s_zero_trust; print(cdk8s_zero_trust.ZeroTrustBlueprint.__module__)'])).trim()).toBe('cdk8s_zero_trust');
  });

  it('synthesizes the reference platform with ZeroTrustBlueprint.from_file byte for byte as the TypeScript app', async () => {
    const fromFile = await pythonReference();
    expect(fromFile.yaml.length).toBeGreaterThan(100_000);
    expect(fromFile.yaml).toBe(typescript.yaml);
    expect(fromFile.realm).toBe(typescript.realm);
  });

  it('synthesizes the reference platform from struct classes byte for byte as the TypeScript app', async () => {
    const mappings = JSON.parse(await python(['-c', DUMP_NAME_MAPPINGS]));
    const source = new PythonStructWriter(mappings).module(parse(readFileSync(EXAMPLE_BLUEPRINT, 'utf8')));
    // What a Python user writes: keywords, struct classes and enum members, no dicts of structs.
    expect(source).toContain('zt.ServiceProps(');
    expect(source).toMatch(/allow_from=\[/);
    expect(source).toMatch(/zt\.AppProtocol\.[A-Z0-9_]+/);
    const module = join(work, 'reference_blueprint.py');
    writeFileSync(module, source);
    const fromStructs = await pythonReference([module]);
    expect(fromStructs.yaml).toBe(typescript.yaml);
    expect(fromStructs.realm).toBe(typescript.realm);
  });
});

describe('dicts in Python (the pitfall docs/python.md explains)', () => {
  /** The README's three services written one way (test/package/python/dict_pitfall.py): its manifests. */
  async function synth(mode: 'structs' | 'camel-dicts' | 'snake-dicts'): Promise<{ yaml: string; objects: any[] }> {
    const out = mkdtempSync(join(work, `${mode}-`));
    await python([join(scripts, 'dict_pitfall.py'), out, mode]);
    const yaml = readFileSync(join(out, 'platform.k8s.yaml'), 'utf8');
    return { yaml, objects: parseAllDocuments(yaml).map((d) => d.toJS()) };
  }
  const find = (objects: any[], kind: string, namespace: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);

  it('silently drops snake_case keys of dicts in a list: the flows and the target port vanish, and synth succeeds', async () => {
    const structs = await synth('structs');
    const snake = await synth('snake-dicts');
    // orders allows gateway (dmz) on http 8080; gateway's https is 443 -> 8443.
    const ordersIngress = find(structs.objects, 'NetworkPolicy', 'app', 'orders-ingress');
    expect(ordersIngress.spec.ingress.some((r: any) => JSON.stringify(r.from).includes('"dmz"') && r.ports.some((p: any) => p.port === 8080))).toBe(true);
    expect(find(structs.objects, 'Service', 'dmz', 'gateway').spec.ports[0].targetPort).toBe(8443);

    expect(find(snake.objects, 'NetworkPolicy', 'app', 'orders-ingress')).toBeUndefined();
    expect(find(snake.objects, 'NetworkPolicy', 'dmz', 'gateway-ingress')).toBeUndefined();
    expect(find(snake.objects, 'Service', 'dmz', 'gateway').spec.ports[0].targetPort).toBe(443);
  });

  it('keeps dicts whose keys are the TypeScript (camelCase) names: the same output as structs', async () => {
    expect((await synth('camel-dicts')).yaml).toBe((await synth('structs')).yaml);
  });
});

describe('cdk8s-plus workloads bound from Python', () => {
  it('binds a Deployment of cdk8s-plus-27 and of cdk8s-plus-34 to its service alike', async () => {
    const outputs = await Promise.all(['cdk8s_plus_27', 'cdk8s_plus_34'].map(async (module) => {
      const out = mkdtempSync(join(work, `${module}-`));
      await python([join(scripts, 'bind_workload.py'), out, module]);
      return parseAllDocuments(readFileSync(join(out, 'platform.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    }));
    for (const objects of outputs) {
      const deployments = objects.filter((o) => o.kind === 'Deployment');
      expect(deployments).toHaveLength(1);
      const pod = deployments[0].spec.template;
      expect(deployments[0].metadata.namespace).toBe('app'); // orders is in zone app
      expect(pod.spec.serviceAccountName).toBe('orders');
      expect(pod.metadata.labels['app.kubernetes.io/name']).toBe('orders');
      expect(pod.metadata.annotations['linkerd.io/inject']).toBe('enabled');
      expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(pod.spec.containers[0].securityContext.capabilities.drop).toEqual(['ALL']);
      expect(pod.spec.containers[0].ports).toEqual([expect.objectContaining({ containerPort: 8080, protocol: 'TCP' })]);
    }
    const [plus27, plus34] = outputs.map((objects) => objects.filter((o) => o.kind !== 'Deployment'));
    expect(plus34).toEqual(plus27);
  });
});
