import { execFileSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './tools';

/**
 * Runs the README's synth command (`cdk8s synth`, the app in cdk8s.yaml) into a fresh directory and
 * returns the directory, its files and the parsed manifests: the exact output users apply.
 */
export function synthDist(): { dir: string; files: string[]; manifests: any[]; manifestDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zt-dist-'));
  execFileSync(join(repoRoot(), 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', dir, '--no-check-upgrade'], { cwd: repoRoot(), stdio: 'pipe' });
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
  const manifests = files.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS()).filter(Boolean));
  // Tools that read a whole directory (netpol-analyzer) get the Kubernetes manifests only, not the realm JSON.
  const manifestDir = join(dir, 'manifests');
  mkdirSync(manifestDir);
  files.forEach((f) => copyFileSync(f, join(manifestDir, f.split('/').pop()!)));
  return { dir, files, manifests, manifestDir };
}
