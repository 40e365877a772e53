import { createHmac } from 'node:crypto';

/** HMAC algorithms of TOTP as Keycloak's OTP policy names them, mapped to node's digest names. */
const DIGESTS: Record<string, string> = { HmacSHA1: 'sha1', HmacSHA256: 'sha256', HmacSHA512: 'sha512' };

/**
 * A time-based one-time password (RFC 6238; HOTP of RFC 4226 over the time step). `key` is the shared secret
 * as bytes: Keycloak uses the UTF-8 bytes of the secret it stores.
 */
export function totp(key: Buffer, opts: { timeMs?: number; periodSeconds?: number; digits?: number; algorithm?: string } = {}): string {
  const digest = DIGESTS[opts.algorithm ?? 'HmacSHA1'];
  if (!digest) {
    throw new Error(`unknown OTP algorithm ${opts.algorithm}`);
  }
  const digits = opts.digits ?? 6;
  const counter = Math.floor((opts.timeMs ?? Date.now()) / 1000 / (opts.periodSeconds ?? 30));
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hmac = createHmac(digest, key).update(message).digest();
  const offset = hmac[hmac.length - 1] & 0x0f;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return code.toString().padStart(digits, '0');
}
