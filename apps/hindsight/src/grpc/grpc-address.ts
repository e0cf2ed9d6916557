/** `host:port` as gRPC takes it: an IPv6 literal needs brackets. */
export function grpcAddress(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}
