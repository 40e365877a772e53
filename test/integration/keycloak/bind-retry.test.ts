import { describe, expect, it } from 'vitest';
import { withBindRetries } from './keycloak-server';

/** A start that fails with the given errors, one per call, then returns the number of calls. */
function failing(...errors: string[]) {
  let calls = 0;
  const start = async () => {
    calls++;
    if (calls <= errors.length) throw new Error(`Keycloak exited during start-up; last log lines:\n${errors[calls - 1]}`);
    return calls;
  };
  return { start, calls: () => calls };
}

describe('starting Keycloak again when a port was taken before it bound it', () => {
  it('starts again after bind errors, and returns the start that succeeded', async () => {
    const s = failing('ERROR: Port already bound: 44243: Address already in use', 'java.net.BindException: Address already in use');
    await expect(withBindRetries(s.start)).resolves.toBe(3);
    expect(s.calls()).toBe(3);
  });

  it('gives up after three attempts with the last bind error', async () => {
    const s = failing('Port already bound: 1', 'Port already bound: 2', 'Port already bound: 3', 'Port already bound: 4');
    await expect(withBindRetries(s.start)).rejects.toThrow('Port already bound: 3');
    expect(s.calls()).toBe(3);
  });

  it('throws any other failure at once', async () => {
    const s = failing('ERROR: realm "platform" was not imported');
    await expect(withBindRetries(s.start)).rejects.toThrow('was not imported');
    expect(s.calls()).toBe(1);
  });
});
