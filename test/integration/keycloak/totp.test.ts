import { describe, expect, it } from 'vitest';
import { totp } from './totp';

// RFC 6238, Appendix B: the seeds are the ASCII strings below; 8-digit codes.
const SEED_SHA1 = Buffer.from('12345678901234567890', 'ascii');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012', 'ascii');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii');

describe('the TOTP helper (RFC 6238 test vectors)', () => {
  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('at T=%i', (t, sha1, sha256, sha512) => {
    const timeMs = t * 1000;
    expect(totp(SEED_SHA1, { timeMs, digits: 8 })).toBe(sha1);
    expect(totp(SEED_SHA256, { timeMs, digits: 8, algorithm: 'HmacSHA256' })).toBe(sha256);
    expect(totp(SEED_SHA512, { timeMs, digits: 8, algorithm: 'HmacSHA512' })).toBe(sha512);
  });
});
