/**
 * `HOST:PORT` endpoints of `--listen` and `--to`: IPv4 literal or host name, and a
 * UDP port 1…65535. IPv6 is refused with a reason (the recorded frames are IPv4, and
 * SRS front ends speak IPv4 only).
 */

/** A UDP endpoint. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `HOST:PORT`, or a bare `PORT` (host `defaultHost`). Throws an Error naming
 * `what` (e.g. "--listen") and the expected form. `allowAnyPort` accepts port 0
 * (listen: "any free port", reported once bound).
 */
export function parseEndpoint(text: string, what: string, defaultHost?: string, allowAnyPort = false): Endpoint {
  const t = text.trim();
  let host: string;
  let portText: string;
  if (/^\d+$/.test(t) && defaultHost !== undefined) {
    host = defaultHost;
    portText = t;
  } else {
    const i = t.lastIndexOf(':');
    if (i <= 0) throw new Error(`${what}: expected HOST:PORT (e.g. 0.0.0.0:6006), got "${text}"`);
    host = t.slice(0, i);
    portText = t.slice(i + 1);
    if (host.includes(':') || host.startsWith('[')) {
      throw new Error(`${what}: "${text}" is IPv6; only IPv4 addresses or host names are supported (the recorded frames are Ethernet/IPv4/UDP)`);
    }
  }
  if (!/^\d+$/.test(portText)) throw new Error(`${what}: port must be a number ${allowAnyPort ? 0 : 1}…65535, got "${portText}" in "${text}"`);
  const port = Number(portText);
  const min = allowAnyPort ? 0 : 1;
  if (port < min || port > 65535) throw new Error(`${what}: port must be ${min}…65535, got ${port}`);
  if (/^\d+(\.\d+){3}$/.test(host) && host.split('.').some((x) => Number(x) > 255)) {
    throw new Error(`${what}: "${host}" is not an IPv4 address`);
  }
  return { host, port };
}

/** `host:port`. */
export function formatEndpoint(e: Endpoint): string {
  return `${e.host}:${e.port}`;
}
