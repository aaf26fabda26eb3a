/**
 * The I/O half of the alias-endpoint policy: host names are checked after DNS, once when an
 * alias is registered (a clear 400) and again on every connection (a name that re-resolves
 * to a metadata address later is still refused), through the `lookup` of the undici pools
 * that serve alias endpoints.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { AliasConfig } from '../config.js';
import type { DispatcherSource } from '../upstream/pools.js';
import { isLoopbackHost, type EndpointRules, type UpstreamHostPolicy } from './endpoint-policy.js';

const REGISTER_LOOKUP_MS = 2_000;

/**
 * Why the endpoint `url` may not be used after resolving its host, or null (also when it does
 * not resolve now): a refused address, or loopback on one of the gateway's own ports.
 */
export function refuseResolvedEndpoint(url: URL, rules: EndpointRules): Promise<string | null> {
  const host = url.hostname;
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return Promise.resolve(null); // literals: refuseEndpointUrl decided
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const policy = rules.policy;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), REGISTER_LOOKUP_MS);
    dnsLookup(host, { all: true }, (err, addresses) => {
      clearTimeout(timer);
      if (err) return resolve(null);
      for (const a of addresses) {
        const r = policy.refuseAddress(host, a.address);
        if (r) return resolve(r);
        if (isLoopbackHost(a.address) && rules.selfPorts().includes(port)) return resolve(`${host} resolves to loopback on this gateway's own port ${port}: a request would call the gateway itself`);
      }
      resolve(null);
    });
  });
}

/** A `net.connect` lookup that refuses names resolving to a refused address. */
export function guardedLookup(policy: UpstreamHostPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const r = policy.refuseAddress(hostname, a.address);
        if (r) {
          const e = Object.assign(new Error(`upstream host refused: ${r}`), { code: 'EACCES' });
          return callback(e, '', 0);
        }
      }
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/**
 * Upstream pools by origin: alias-endpoint origins get pools whose connections go through
 * `guardedLookup`; every other origin (configured providers) the ordinary ones. The set of
 * endpoint origins is recomputed only when the alias table (replaced whole) changes.
 */
export function endpointAwarePools(
  providerPools: DispatcherSource,
  endpointPools: DispatcherSource,
  aliases: () => Readonly<Record<string, AliasConfig>>,
): DispatcherSource {
  const origins = new WeakMap<object, ReadonlySet<string>>();
  const endpointOrigins = (table: Readonly<Record<string, AliasConfig>>): ReadonlySet<string> => {
    let set = origins.get(table);
    if (!set) {
      set = new Set(Object.values(table).flatMap((a) => (a.endpoint ? [originOf(a.endpoint.baseUrl)] : [])));
      origins.set(table, set);
    }
    return set;
  };
  return { get: (origin) => (endpointOrigins(aliases()).has(origin) ? endpointPools : providerPools).get(origin) };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
