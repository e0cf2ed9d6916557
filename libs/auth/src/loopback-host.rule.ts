import { isIPv4, isIPv6 } from 'node:net';

/** Whether only this machine can reach a server listening on `host` (HINDSIGHT_HOST). */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIPv4(host)) return host.startsWith('127.');
  if (!isIPv6(host)) return false;
  // The URL parser writes an IPv6 address in its one canonical form: ::1, and ::ffff:7fxx:… for 127.x.x.x.
  const canonical = new URL(`http://[${host}]`).hostname;
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

/**
 * Why `serve`/`consume` must not start, or undefined. Without a key nobody can be authenticated, so the
 * servers accept unauthenticated ingest and gRPC, which is safe only where nobody else can connect.
 */
export function unauthenticatedHostProblem(host: string, keyConfigured: boolean): string | undefined {
  if (keyConfigured || isLoopbackHost(host)) return undefined;
  return (
    `HINDSIGHT_HOST ${host} is not loopback and no key is configured (HINDSIGHT_JWT_SECRET or HINDSIGHT_JWKS_URL): ` +
    'without a key, ingest and gRPC are served unauthenticated, on 127.0.0.1, ::1 or localhost only'
  );
}
