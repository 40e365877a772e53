import { Worker } from 'worker_threads';
import { describe, expect, it } from 'vitest';
import { mainThreadCpuSeconds } from '../../bench/main-thread-cpu';

/** Keeps the calling thread busy for about `ms` milliseconds of wall time. */
function spin(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
}

// The benchmark's split of CPU time by thread (bench/run.ts); /proc exists on Linux only, where CI runs.
describe.runIf(process.platform === 'linux')('the main thread\'s CPU seconds (bench/main-thread-cpu.ts)', () => {
  it('count the work of the main thread', () => {
    const before = mainThreadCpuSeconds()!;
    const process0 = process.cpuUsage();
    spin(300);
    const used = mainThreadCpuSeconds()! - before;
    const processUsed = process.cpuUsage(process0);
    // /proc counts in ticks of 10 ms; the spin is mostly on the CPU, but the machine may be shared.
    expect(used).toBeGreaterThan(0.05);
    expect(used).toBeLessThanOrEqual((processUsed.user + processUsed.system) / 1e6 + 0.02);
  });

  it('leave out the work of other threads', async () => {
    const before = mainThreadCpuSeconds()!;
    const process0 = process.cpuUsage();
    // The main thread waits (not on the CPU) while a worker thread spins.
    const worker = new Worker('const end = Date.now() + 400; while (Date.now() < end) {}', { eval: true });
    await new Promise((resolve, reject) => { worker.on('exit', resolve); worker.on('error', reject); });
    const used = mainThreadCpuSeconds()! - before;
    const { user, system } = process.cpuUsage(process0);
    const processUsed = (user + system) / 1e6;
    expect(processUsed - used).toBeGreaterThan(0.1);
    expect(used).toBeLessThan(processUsed);
  });
});
