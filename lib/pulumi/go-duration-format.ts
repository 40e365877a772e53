/**
 * Seconds as the Go duration string the Keycloak provider parses with time.ParseDuration ("5m", "10h",
 * "1h30m"): the realm's lifetimes are durations there, whole seconds in a RealmRepresentation.
 */
export function goDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new Error(`${seconds} is not a whole, non-negative number of seconds`);
  }
  if (seconds === 0) {
    return '0s';
  }
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}
