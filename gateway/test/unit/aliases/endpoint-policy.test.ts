/** Which hosts an alias endpoint may name, and the per-connection DNS guard. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { guardedLookup, refuseResolvedEndpoint } from '../../../src/aliases/endpoint-guard.js';
import { isLoopbackHost, redactUrl, refuseEndpointUrl, upstreamHostPolicy, type UpstreamHostPolicy } from '../../../src/aliases/endpoint-policy.js';
import { UpstreamPools } from '../../../src/upstream/pools.js';

describe('upstream host policy', () => {
  const p = upstreamHostPolicy();

  it('refuses link-local and metadata addresses and names by default', () => {
    for (const h of ['169.254.169.254', '169.254.0.1', '[fe80::1]', 'fe80::abcd', '[fd00:ec2::254]', '100.100.100.200', '::ffff:169.254.169.254', '[::ffff:a9fe:a9fe]', '64:ff9b::a9fe:a9fe', 'metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', 'metadata.goog', 'metadata', 'instance-data']) {
      assert.match(p.refuseHost(h) ?? '', /OPENTRACY_ALLOWED_UPSTREAM_HOSTS/, h);
    }
  });

  it('allows public hosts, private networks and loopback', () => {
    for (const h of ['api.openai.com', '8.8.8.8', '10.0.0.5', '192.168.1.10', '127.0.0.1', '[::1]', 'localhost', '100.100.100.201', '169.255.0.1']) assert.equal(p.refuseHost(h), null, h);
  });

  it('the allow-list takes host names, addresses and CIDRs', () => {
    const q = upstreamHostPolicy(['metadata.google.internal', '169.254.170.2', '100.100.100.0/24', 'fe80::/16']);
    for (const h of ['metadata.google.internal', '169.254.170.2', '100.100.100.200', '[fe80::1]']) assert.equal(q.refuseHost(h), null, h);
    assert.notEqual(q.refuseHost('169.254.169.254'), null);
    assert.equal(q.refuseAddress('metadata.google.internal', '169.254.169.254'), null, 'an allowed name may resolve anywhere');
    assert.throws(() => upstreamHostPolicy(['10.0.0.0/x']), /OPENTRACY_ALLOWED_UPSTREAM_HOSTS/);
  });

  it('refuseAddress judges what a name resolved to', () => {
    assert.match(p.refuseAddress('evil.example', '169.254.169.254') ?? '', /evil\.example resolves to 169\.254\.169\.254/);
    assert.equal(p.refuseAddress('api.openai.com', '104.18.0.1'), null);
  });

  it('endpoint URLs: no credentials, query or fragment; not the gateway\'s own port on loopback', () => {
    const rules = { policy: p, selfPorts: () => [8080, 8000] };
    assert.match(refuseEndpointUrl(new URL('http://u:pw@localhost:9000/v1'), rules) ?? '', /credentials/);
    assert.match(refuseEndpointUrl(new URL('http://localhost:9000/v1?x=1'), rules) ?? '', /query/);
    assert.match(refuseEndpointUrl(new URL('http://localhost:9000/v1#f'), rules) ?? '', /fragment/);
    for (const u of ['http://127.0.0.1:8080/v1', 'http://localhost:8000/', 'http://[::1]:8080', 'http://0.0.0.0:8080']) assert.match(refuseEndpointUrl(new URL(u), rules) ?? '', /own port/, u);
    for (const u of ['http://127.0.0.1:9000/v1', 'http://localhost:11434/v1', 'https://api.together.xyz/v1', 'http://10.1.2.3:8080/v1']) assert.equal(refuseEndpointUrl(new URL(u), rules), null, u);
  });

  it('isLoopbackHost and redactUrl', () => {
    for (const h of ['localhost', 'a.localhost', '127.0.0.2', '[::1]', '0.0.0.0', '::']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['10.0.0.1', 'example.com', '[fe80::1]']) assert.equal(isLoopbackHost(h), false, h);
    assert.equal(redactUrl('http://user:pw@host:1/v1'), 'http://host:1/v1');
    assert.equal(redactUrl('http://host/v1'), 'http://host/v1');
    assert.equal(redactUrl('not a url //user:pw@x'), 'not a url //x');
  });
});

describe('DNS guard', () => {
  /** A policy that treats loopback as forbidden, so `localhost` stands in for a rebinding name. */
  const noLoopback: UpstreamHostPolicy = {
    refuseHost: () => null,
    refuseAddress: (host, address) => (address === '127.0.0.1' || address === '::1' ? `${host} resolves to loopback ${address}` : null),
  };

  it('refuseResolvedEndpoint resolves names (literals were judged already), and refuses a name for loopback on our own port', async () => {
    const rules = (policy: UpstreamHostPolicy) => ({ policy, selfPorts: () => [8080] });
    assert.match((await refuseResolvedEndpoint(new URL('http://localhost:9000/v1'), rules(noLoopback))) ?? '', /resolves to loopback/);
    assert.equal(await refuseResolvedEndpoint(new URL('http://127.0.0.1:9000/v1'), rules(noLoopback)), null);
    assert.equal(await refuseResolvedEndpoint(new URL('http://localhost:9000/v1'), rules(upstreamHostPolicy())), null);
    assert.match((await refuseResolvedEndpoint(new URL('http://localhost:8080/v1'), rules(upstreamHostPolicy()))) ?? '', /own port 8080/);
  });

  it('pools with the guarded lookup refuse the connection; the same pools without it connect', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
    const guarded = new UpstreamPools({ lookup: guardedLookup(noLoopback), connectTimeoutMs: 2_000 });
    const plain = new UpstreamPools({ lookup: guardedLookup(upstreamHostPolicy()), connectTimeoutMs: 2_000 });
    try {
      await assert.rejects(guarded.get(origin).request({ method: 'GET', path: '/' }), /upstream host refused: localhost resolves to loopback/);
      const ok = await plain.get(origin).request({ method: 'GET', path: '/' });
      assert.equal(await ok.body.text(), 'ok');
    } finally {
      await guarded.closeAll(true);
      await plain.closeAll(true);
      await new Promise((r) => server.close(r));
    }
  });
});
