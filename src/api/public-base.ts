// The base URL a link handed to a client starts with (the recording download's Location).
// VOXCALL_PUBLIC_URL when set; otherwise the request's Host, but only when it is a plain
// host[:port] whose host is on the allow-list (VOXCALL_ALLOWED_HOSTS, by default the loopback
// names and the listening address). Anything else from the Host header never reaches a Location:
// `Host: evil.example:1/x?` would otherwise send the client, and its recording link, elsewhere.

/** A host name or IPv4 address, or an IPv6 address in brackets, then an optional port. */
const HOST_HEADER = /^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?$/;

/** The form allow-list entries and Host names are compared in: lower case, IPv6 without brackets. */
export function hostKey(host: string): string {
  const h = host.toLowerCase();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

/**
 * `protocol://host[:port]` from a Host header the allow-list accepts; undefined for a missing,
 * malformed or unlisted one.
 */
export function baseFromHost(host: string | undefined, allowedHosts: readonly string[], protocol: 'http' | 'https'): string | undefined {
  if (host === undefined) return undefined;
  const m = HOST_HEADER.exec(host);
  if (!m) return undefined;
  const port = m[2];
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) return undefined;
  const name = hostKey(m[1]!);
  if (!allowedHosts.some((a) => hostKey(a) === name)) return undefined;
  return `${protocol}://${m[1]!.toLowerCase()}${port === undefined ? '' : `:${port}`}`;
}
