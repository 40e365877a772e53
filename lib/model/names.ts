// Validators for Kubernetes names and network values. Each returns an error message or undefined.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export function checkDnsLabel(value: string): string | undefined {
  if (value.length > 63 || !DNS1123_LABEL.test(value)) {
    return `"${value}" is not a DNS-1123 label: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`;
  }
  return undefined;
}

export function checkDnsSubdomain(value: string): string | undefined {
  if (value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    return `"${value}" is not a DNS-1123 subdomain: use lowercase letters, digits, '-' and '.'`;
  }
  return undefined;
}

export function checkPortName(value: string): string | undefined {
  if (value.length > 15 || !IANA_SVC_NAME.test(value) || !/[a-z]/.test(value) || value.includes('--')) {
    return `"${value}" is not a valid port name: use at most 15 lowercase letters, digits and single '-', with at least one letter`;
  }
  return undefined;
}

export function checkPortNumber(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    return `${value} is not a port number: use an integer from 1 to 65535`;
  }
  return undefined;
}

/**
 * Label keys already found valid: every service's selector has the same few keys, and the prefix's
 * subdomain pattern is the costliest test here. Bounded, so that a long-lived process cannot grow it without end.
 */
const validLabelKeys = new Set<string>();
const MAX_REMEMBERED_KEYS = 256;

export function checkLabels(labels: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(labels)) {
    if (!validLabelKeys.has(key)) {
      const slash = key.lastIndexOf('/');
      const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
      const name = slash >= 0 ? key.slice(slash + 1) : key;
      if ((prefix !== undefined && checkDnsSubdomain(prefix)) || name.length > 63 || !LABEL_NAME.test(name)) {
        return `"${key}" is not a valid label key`;
      }
      if (validLabelKeys.size < MAX_REMEMBERED_KEYS) {
        validLabelKeys.add(key);
      }
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      return `"${value}" is not a valid value for label "${key}": at most 63 letters, digits, '-', '_' and '.'`;
    }
  }
  return undefined;
}

/** Checks an IPv4 or IPv6 CIDR and that its host bits are zero (Kubernetes expects the network address). */
export function checkCidr(value: string): string | undefined {
  const bad = `"${value}" is not a CIDR: write a network address and prefix length such as 10.0.0.0/8 or 2001:db8::/32`;
  const parsed = parseCidr(value);
  if (!parsed) {
    return bad;
  }
  const { bits, prefix, width } = parsed;
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  if ((bits & hostMask) !== 0n) {
    return `"${value}" has host bits set: use the network address ${formatNetwork(parsed)}`;
  }
  return undefined;
}

export interface ParsedCidr {
  readonly bits: bigint;
  readonly prefix: number;
  readonly width: 32 | 128;
}

export function parseCidr(value: string): ParsedCidr | undefined {
  const [address, prefixText, extra] = value.split('/');
  if (extra !== undefined || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) {
    return undefined;
  }
  const prefix = Number(prefixText);
  const v4 = parseIpv4(address);
  if (v4 !== undefined) {
    return prefix <= 32 ? { bits: v4, prefix, width: 32 } : undefined;
  }
  const v6 = parseIpv6(address);
  if (v6 !== undefined) {
    return prefix <= 128 ? { bits: v6, prefix, width: 128 } : undefined;
  }
  return undefined;
}

function parseIpv4(address: string): bigint | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255)) {
    return undefined;
  }
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(address: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(address) || address.split('::').length > 2) {
    return undefined;
  }
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if ((tail === undefined && missing !== 0) || (tail !== undefined && missing < 1)) {
    return undefined;
  }
  const groups = [...headGroups, ...Array(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) {
    return undefined;
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function formatNetwork({ bits, prefix, width }: ParsedCidr): string {
  const network = bits & ~((1n << BigInt(width - prefix)) - 1n);
  if (width === 32) {
    return `${[24n, 16n, 8n, 0n].map((s) => (network >> s) & 255n).join('.')}/${prefix}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => ((network >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return `${groups.join(':')}/${prefix}`;
}
