/**
 * Seed and size of the generated suites. `npm test` runs a fixed seed, so a failure reproduces; set
 * `ZT_PROPERTY_SEED` to explore other blueprints (the seed is printed with every failure) and
 * `ZT_PROPERTY_RUNS` / `ZT_FUZZ_RUNS` for longer runs.
 */
export function seed(): number {
  const value = process.env.ZT_PROPERTY_SEED;
  if (value === undefined || value === '') return 20260901;
  if (value === 'random') return Math.floor(Math.random() * 2 ** 31);
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`ZT_PROPERTY_SEED must be an integer or "random" (found "${value}")`);
  return n;
}

export function runs(variable: 'ZT_PROPERTY_RUNS' | 'ZT_FUZZ_RUNS' | 'ZT_APISERVER_SAMPLE', fallback: number): number {
  const value = process.env[variable];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${variable} must be a positive integer (found "${value}")`);
  return n;
}
