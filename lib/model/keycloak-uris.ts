// Checks for the URIs of OIDC clients. Each returns an error message or undefined.

/** An exact `https://` redirect URI: no wildcard, no fragment, no user info. */
export function checkRedirectUri(value: string): string | undefined {
  if (value.includes('*')) {
    return `"${value}" contains a wildcard: list every redirect URI exactly, so that no other page can receive authorization codes`;
  }
  const url = parse(value);
  if (!url) {
    return `"${value}" is not an absolute URI: write it as https://host/path`;
  }
  if (url.protocol !== 'https:') {
    return `"${value}" is not an https URI: authorization codes and tokens must only travel over TLS`;
  }
  if (url.hash !== '' || value.includes('#')) {
    return `"${value}" has a fragment: OAuth 2.0 forbids fragments in redirect URIs`;
  }
  if (url.username !== '' || url.password !== '') {
    return `"${value}" carries user credentials: remove them`;
  }
  return undefined;
}

/** An exact `https://` web origin (scheme, host and optional port; no path). */
export function checkWebOrigin(value: string): string | undefined {
  if (value.includes('*') || value === '+') {
    return `"${value}" is not an exact origin: list every origin exactly, as https://host[:port]`;
  }
  const url = parse(value);
  if (!url || url.origin !== value) {
    return `"${value}" is not an origin: write it as https://host[:port], without a path or a trailing slash`;
  }
  if (url.protocol !== 'https:') {
    return `"${value}" is not an https origin`;
  }
  return undefined;
}

/** The origin of an absolute URI, or undefined when it is not one. */
export function originOf(value: string): string | undefined {
  return parse(value)?.origin;
}

function parse(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
