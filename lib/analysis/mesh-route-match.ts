import { compareNames } from '../name-order';

/** One HTTP request, as route matching needs it. */
export interface HttpRequestView {
  readonly path: string;
  readonly method: string;
}

interface MatchScore {
  readonly exact: number;
  readonly prefixLength: number;
  readonly regex: number;
  readonly method: number;
}

/**
 * The best match of `request` among a route's `rules[].matches` (Gateway API semantics: a route without
 * matches matches everything; a match without path matches prefix `/`), or undefined.
 */
export function matchRoute(route: any, request: HttpRequestView): MatchScore | undefined {
  const matches: any[] = (route.spec?.rules ?? [{}]).flatMap((r: any) => r.matches ?? [{ path: { type: 'PathPrefix', value: '/' } }]);
  const scores = matches.map((m) => scoreMatch(m, request)).filter((s): s is MatchScore => s !== undefined);
  return scores.sort(compareScores)[0];
}

/** Routes that match `request`, most specific first (Gateway API precedence, then name). */
export function rankRoutes(routes: readonly any[], request: HttpRequestView): any[] {
  return routes
    .map((route) => ({ route, score: matchRoute(route, request) }))
    .filter((r): r is { route: any; score: MatchScore } => r.score !== undefined)
    .sort((a, b) => compareScores(a.score, b.score) || compareNames(String(a.route.metadata?.name), String(b.route.metadata?.name)))
    .map((r) => r.route);
}

function scoreMatch(match: any, request: HttpRequestView): MatchScore | undefined {
  if (match.method && match.method !== request.method) {
    return undefined;
  }
  const type = match.path?.type ?? 'PathPrefix';
  const value: string = match.path?.value ?? '/';
  const method = match.method ? 1 : 0;
  switch (type) {
    case 'Exact':
      return request.path === value ? { exact: 1, prefixLength: value.length, regex: 0, method } : undefined;
    case 'PathPrefix':
      return prefixMatches(value, request.path) ? { exact: 0, prefixLength: value.length, regex: 0, method } : undefined;
    case 'RegularExpression':
      return new RegExp(`^(?:${value})$`).test(request.path) ? { exact: 0, prefixLength: 0, regex: 1, method } : undefined;
    default:
      return undefined;
  }
}

/** Gateway API path prefixes match whole path elements: `/api` matches `/api` and `/api/x`, not `/apix`. */
function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.length > 1 ? prefix.replace(/\/+$/, '') : prefix;
  return p === '/' || path === p || path.startsWith(`${p}/`);
}

function compareScores(a: MatchScore, b: MatchScore): number {
  return (b.exact - a.exact) || (b.prefixLength - a.prefixLength) || (b.regex - a.regex) || (b.method - a.method);
}
