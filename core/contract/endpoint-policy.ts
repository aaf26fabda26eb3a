/**
 * Which hosts an alias endpoint (`POST /v1/models/register` with `endpoint.base_url`) may
 * name: the one route where a request chooses a host the gateway then calls. Pure. The
 * management server applies the same rules to deployments (`POST /v1/deployments`).
 *
 * Refused by default: link-local and cloud metadata addresses (169.254.0.0/16, where AWS,
 * GCP, Azure and OCI serve instance credentials; fe80::/10; AWS's fd00:ec2::254; Alibaba's
 * 100.100.100.200; their IPv4-mapped and NAT64 forms) and the metadata host names.
 * OPENTRACY_ALLOWED_UPSTREAM_HOSTS (hosts or CIDRs, comma-separated) lifts the refusal for
 * operators who need one. Loopback stays allowed (a local vLLM or llama.cpp is the point of
 * alias endpoints), except the gateway's own ports, which would make a request call itself
 * without end. URLs with credentials, a query or a fragment are refused.
 */
import { BlockList, isIP } from 'node:net';

const METADATA_HOSTS: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

function blockedAddresses(): BlockList {
  const b = new BlockList();
  b.addSubnet('169.254.0.0', 16, 'ipv4');
  b.addAddress('100.100.100.200', 'ipv4');
  b.addSubnet('fe80::', 10, 'ipv6');
  b.addAddress('fd00:ec2::254', 'ipv6');
  b.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6'); // NAT64 form of 169.254.0.0/16
  return b;
}

/** Lower case, no IPv6 brackets, no trailing dot. */
export function normaliseHost(host: string): string {
  let h = host.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

const family = (ip: string): 'ipv4' | 'ipv6' => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('0.0.0.0', 'ipv4'); // "this host": connecting to it reaches loopback
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addAddress('::', 'ipv6');

export function isLoopbackHost(host: string): boolean {
  const h = normaliseHost(host);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  return isIP(h) !== 0 && LOOPBACK.check(h, family(h));
}

export interface UpstreamHostPolicy {
  /** Why `host` (a URL's hostname) may not be an alias endpoint, or null. */
  refuseHost(host: string): string | null;
  /** Why `address`, which `host` resolved to, may not be connected to, or null. */
  refuseAddress(host: string, address: string): string | null;
}

/** The policy for an allow-list of host names, IP addresses and CIDRs. Throws on a malformed CIDR. */
export function upstreamHostPolicy(allowed: readonly string[] = []): UpstreamHostPolicy {
  const blocked = blockedAddresses();
  const allowedIps = new BlockList();
  const allowedNames = new Set<string>();
  for (const raw of allowed) {
    const entry = normaliseHost(raw.trim());
    const slash = entry.indexOf('/');
    if (slash > 0) {
      const ip = entry.slice(0, slash);
      const bits = Number(entry.slice(slash + 1));
      if (isIP(ip) === 0 || !Number.isInteger(bits)) throw new Error(`OPENTRACY_ALLOWED_UPSTREAM_HOSTS: '${raw}' is not a host or CIDR`);
      allowedIps.addSubnet(ip, bits, family(ip));
    } else if (isIP(entry) !== 0) {
      allowedIps.addAddress(entry, family(entry));
    } else if (entry !== '') {
      allowedNames.add(entry);
    }
  }
  const refuseIp = (ip: string): string | null =>
    allowedIps.check(ip, family(ip)) || !blocked.check(ip, family(ip))
      ? null
      : `${ip} is a link-local or cloud metadata address; add it to OPENTRACY_ALLOWED_UPSTREAM_HOSTS to allow it`;
  return {
    refuseHost(host) {
      const h = normaliseHost(host);
      if (allowedNames.has(h)) return null;
      if (isIP(h) !== 0) return refuseIp(h);
      return METADATA_HOSTS.has(h) ? `${h} is a cloud metadata host; add it to OPENTRACY_ALLOWED_UPSTREAM_HOSTS to allow it` : null;
    },
    refuseAddress(host, address) {
      if (allowedNames.has(normaliseHost(host))) return null;
      const r = refuseIp(normaliseHost(address));
      return r && `${normaliseHost(host)} resolves to ${r}`;
    },
  };
}

/** The URL without user name and password (for anything the gateway echoes or logs). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '') return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

export interface EndpointRules {
  policy: UpstreamHostPolicy;
  /** The gateway's own listening ports (and the management port): loopback on these is a loop. */
  selfPorts: () => readonly number[];
}

/** Why a parsed endpoint URL is refused, or null. `param` names the field in the message. */
export function refuseEndpointUrl(url: URL, rules: EndpointRules): string | null {
  if (url.username !== '' || url.password !== '') return 'must not carry credentials (user:password@); put the key in endpoint.api_key';
  if (url.search !== '' || url.hash !== '') return 'must not have a query or fragment (the gateway appends /chat/completions to the path)';
  const hostRefusal = rules.policy.refuseHost(url.hostname);
  if (hostRefusal) return hostRefusal;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (isLoopbackHost(url.hostname) && rules.selfPorts().includes(port)) return `names this gateway's own port ${port}: a request would call the gateway itself`;
  return null;
}
