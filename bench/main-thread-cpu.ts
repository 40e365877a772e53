import { readFileSync } from 'fs';

/** Linux's clock ticks per second in /proc (USER_HZ, 100 on every architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) of this process's main thread, from Linux's /proc; undefined where there is
 * none. The rest of the process's CPU time is its other threads': V8's optimizing compiler and the
 * collector's helpers, which run beside the main thread on a second core.
 */
export function mainThreadCpuSeconds(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}
