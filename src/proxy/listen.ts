/** Where a proxy listens: parsing `--listen` and telling loopback addresses from the rest. */
import { InvalidRequestError } from '../errors.js';

/** A parsed `--listen` value. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** The default: loopback only, so nobody else can spend the proxy's credentials. */
export const DEFAULT_LISTEN: ListenAddress = { host: '127.0.0.1', port: 8080 };

/**
 * Whether `host` only accepts connections from this machine: `localhost`, 127.0.0.0/8, `::1`, and
 * their IPv4-mapped forms. The wildcards `0.0.0.0` and `::` listen on every interface: not loopback.
 * @example
 * isLoopbackAddress('127.0.0.2'); // true
 * isLoopbackAddress('0.0.0.0');   // false
 */
export function isLoopbackAddress(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4.slice(1).every((o) => Number(o) <= 255) && v4[1] === '127';
}

/**
 * Parses `HOST:PORT`, `[IPV6]:PORT`, `HOST` (port 8080) or `PORT` (host 127.0.0.1).
 * @example
 * parseListen('127.0.0.1:9000'); // { host: '127.0.0.1', port: 9000 }
 * parseListen('[::1]:0');        // { host: '::1', port: 0 }
 * @throws {InvalidRequestError} `INVALID_OPTION` for anything else.
 */
export function parseListen(value: string): ListenAddress {
  const bad = (): InvalidRequestError =>
    new InvalidRequestError('INVALID_OPTION', `--listen takes HOST:PORT, [IPV6]:PORT, HOST or PORT (e.g. 127.0.0.1:8080), got ${JSON.stringify(value)}`);
  const port = (text: string): number => {
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw bad();
    return Number(text);
  };
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(value);
  if (v6) return { host: v6[1]!, port: v6[2] === undefined ? DEFAULT_LISTEN.port : port(v6[2]) };
  if (/^\d+$/.test(value)) return { host: DEFAULT_LISTEN.host, port: port(value) };
  const colon = value.lastIndexOf(':');
  if (colon < 0) {
    if (!/^[A-Za-z0-9.-]+$/.test(value)) throw bad();
    return { host: value, port: DEFAULT_LISTEN.port };
  }
  const host = value.slice(0, colon);
  if (!/^[A-Za-z0-9.-]+$/.test(host)) throw bad();
  return { host, port: port(value.slice(colon + 1)) };
}

/** The warning printed when the proxy listens beyond loopback, or undefined when it does not. */
export function exposureWarning(host: string): string | undefined {
  if (isLoopbackAddress(host)) return undefined;
  return `listening on ${host}, not loopback: anyone who can reach this port acts with these AWS credentials. Bind 127.0.0.1 unless other machines must use it, and restrict who can reach it.`;
}
