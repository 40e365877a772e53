import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../lib/model/go-duration';

const H = 3_600_000_000_000n;
const M = 60_000_000_000n;
const S = 1_000_000_000n;

describe('parseGoDuration (time.ParseDuration, as cert-manager reads durations)', () => {
  it.each([
    ['2160h', 2160n * H],
    ['87600h', 87600n * H],
    ['48h0m0s', 48n * H],
    ['1h30m', H + 30n * M],
    ['90m', 90n * M],
    ['1.5h', 90n * M],
    ['.5s', S / 2n],
    ['300ms', 300_000_000n],
    ['10us', 10_000n],
    ['10µs', 10_000n],
    ['7ns', 7n],
    ['0', 0n],
    ['+5m', 5n * M],
    ['1.h.5m', H + 30n * S],
  ])('%s is %s ns', (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });

  it.each(['', '90d', '1y', '2160', 'h', '-1h', '1 h', '1h ', '1h-5m', '.h', '3000000h'])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });

  it('compares long durations exactly', () => {
    expect(parseGoDuration('87600h')! > parseGoDuration('87599h59m59.999999999s')!).toBe(true);
  });
});
