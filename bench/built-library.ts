import { readdirSync, statSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..');

/**
 * The library as an app loads it from node_modules: the built package (`build/`, by `npm run build`), not
 * the TypeScript sources through tsx, which no user runs and whose transform wraps every named function in
 * a `__name` call. A build older than a source under lib/ would measure other code, so it is refused.
 */
export function builtLibrary(): typeof import('../lib') {
  return require(builtEntryOrExit());
}

/** `checkedBuild()`, or its message and exit status 1 (a build to run is no reason for a stack trace). */
export function builtEntryOrExit(): string {
  try {
    return checkedBuild();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}

/** The built package's entry point under `root`; throws, saying what to run, when it is missing or older than a source. */
export function checkedBuild(root = ROOT): string {
  const entry = join(root, 'build', 'index.js');
  const fix = 'run `npm run build` first (`npm run bench` does)';
  let built: number;
  try {
    built = statSync(entry).mtimeMs;
  } catch {
    throw new Error(`the benchmark measures the built package, and build/index.js is missing: ${fix}`);
  }
  const newest = newestFile(join(root, 'lib'));
  if (newest !== undefined && newest.mtimeMs > built) {
    throw new Error(`the benchmark measures the built package, and build/ is older than ${newest.path.slice(root.length + 1)}: ${fix}`);
  }
  return entry;
}

function newestFile(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? newestFile(path) : { path, mtimeMs: statSync(path).mtimeMs };
    if (found !== undefined && (newest === undefined || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
}
