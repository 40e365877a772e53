// Lets the test worker answer the runner between tests. A file of long synchronous tests (synthesis,
// external tools run with spawnSync) otherwise starves the worker's RPC on a busy machine, and vitest
// reports "Timeout calling onTaskUpdate" although every test passed (vitest discussion 6511).
import { afterEach } from 'vitest';

afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
});
