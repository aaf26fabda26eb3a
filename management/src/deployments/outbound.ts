/**
 * Calls from management to a registered deployment (an OpenAI-compatible server: llama.cpp,
 * vLLM, Ollama), under the gateway's alias-endpoint rules (core/contract/endpoint-policy.ts):
 * URLs with credentials, queries or fragments are refused, metadata/link-local hosts unless
 * allow-listed (checked on the URL, after DNS at registration, and again on every connection
 * through the Agent's lookup), loopback on the gateway's or this server's own port refused.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { isLoopbackHost, redactUrl, refuseEndpointUrl, upstreamHostPolicy, type EndpointRules, type UpstreamHostPolicy } from '../../../core/contract/endpoint-policy.js';

export { redactUrl };

const LOOKUP_MS = 2000;

function guardedLookup(policy: UpstreamHostPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const r = policy.refuseAddress(hostname, a.address);
        if (r) return callback(Object.assign(new Error(`deployment host refused: ${r}`), { code: 'EACCES' }), '', 0);
      }
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export interface OutboundResponse {
  status: number;
  contentType: string;
  body: string;
}

export class DeploymentOutbound {
  readonly rules: EndpointRules;
  private readonly agent: Agent;

  constructor(allowed: readonly string[], selfPorts: () => readonly number[]) {
    const policy = upstreamHostPolicy(allowed);
    this.rules = { policy, selfPorts };
    this.agent = new Agent({ connect: { lookup: guardedLookup(policy) }, keepAliveTimeout: 10_000 });
  }

  /** Why `raw` may not be a deployment URL (URL rules, then DNS), or null; the parsed URL otherwise. */
  async check(raw: string): Promise<{ error: string } | { url: URL }> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { error: 'must be an absolute http(s) URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'must be an http(s) URL' };
    const r = refuseEndpointUrl(url, this.rules);
    if (r) return { error: r };
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) === 0) {
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      const resolved = await new Promise<string | null>((resolve) => {
        const t = setTimeout(() => resolve(null), LOOKUP_MS);
        dnsLookup(host, { all: true }, (err, addrs) => {
          clearTimeout(t);
          if (err) return resolve(null);
          for (const a of addrs) {
            const refusal = this.rules.policy.refuseAddress(host, a.address);
            if (refusal) return resolve(refusal);
            if (isLoopbackHost(a.address) && this.rules.selfPorts().includes(port)) return resolve(`${host} resolves to loopback on one of our own ports (${port})`);
          }
          resolve(null);
        });
      });
      if (resolved) return { error: resolved };
    }
    return { url };
  }

  async call(method: 'GET' | 'POST', url: string, apiKey: string | null, body: string | undefined, timeoutMs: number): Promise<OutboundResponse> {
    const headers: Record<string, string> = { accept: 'application/json, text/event-stream' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const res = await request(url, { method, headers, body, dispatcher: this.agent, signal: AbortSignal.timeout(timeoutMs) }); // undici.request never follows redirects
    const text = await res.body.text();
    const ct = res.headers['content-type'];
    return { status: res.statusCode, contentType: (Array.isArray(ct) ? ct[0] : ct) ?? 'application/json', body: text };
  }

  private closing: Promise<void> | null = null;

  /** Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.agent.close();
    return this.closing;
  }
}
