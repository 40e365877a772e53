// Go durations ("2160h", "1h30m", "90m") as cert-manager reads `duration` and `renewBefore`
// (time.ParseDuration). Parsed to whole nanoseconds in a bigint so long durations compare exactly.

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** The largest duration Go represents (int64 nanoseconds, about 292 years). */
const MAX_NANOS = (1n << 63n) - 1n;

const COMPONENT = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;

/**
 * Parses a non-negative Go duration to nanoseconds; undefined when `text` is not one. Follows
 * time.ParseDuration: a sequence of decimal numbers with optional fraction and a unit, or "0".
 */
export function parseGoDuration(text: string): bigint | undefined {
  if (text === '0') {
    return 0n;
  }
  let rest = text.startsWith('+') ? text.slice(1) : text;
  if (rest === '') {
    return undefined;
  }
  let total = 0n;
  while (rest !== '') {
    const match = COMPONENT.exec(rest);
    if (!match) {
      return undefined;
    }
    const [whole, intDigits, fracDigits = '', unit] = match;
    if (intDigits === '' && fracDigits === '') {
      return undefined;
    }
    const scale = UNIT_NANOS[unit];
    total += BigInt(intDigits || '0') * scale;
    if (fracDigits !== '') {
      // Go truncates fractions below one nanosecond.
      total += (BigInt(fracDigits) * scale) / 10n ** BigInt(fracDigits.length);
    }
    if (total > MAX_NANOS) {
      return undefined;
    }
    rest = rest.slice(whole.length);
  }
  return total;
}

/** Nanoseconds in one hour and one minute, for cert-manager's limits. */
export const HOUR_NANOS = UNIT_NANOS.h;
export const MINUTE_NANOS = UNIT_NANOS.m;
