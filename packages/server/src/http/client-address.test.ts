import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ClientAddresses } from './client-address.js';

function app(trusted: string[]): Hono {
  const addresses = new ClientAddresses(trusted);
  const a = new Hono();
  a.get('/', (c) => c.text(addresses.of(c)));
  return a;
}

const from = (peer: string) => ({ incoming: { socket: { remoteAddress: peer } } });

describe('client addresses', () => {
  it('ignores forwarding headers from an untrusted peer', async () => {
    const r = await app([]).request(
      '/',
      { headers: { 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8' } },
      from('::ffff:192.0.2.7'),
    );
    expect(await r.text()).toBe('192.0.2.7');
  });
  it('reads X-Forwarded-For from the right behind a trusted proxy, skipping trusted hops', async () => {
    const a = app(['10.0.0.0/8', '::1']);
    const r = await a.request(
      '/',
      { headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.9, 10.1.1.1' } },
      from('10.0.0.2'),
    );
    expect(await r.text()).toBe('198.51.100.9');
    const only = await a.request('/', {}, from('::1'));
    expect(await only.text()).toBe('::1');
  });
  it('says unknown without a socket and refuses a malformed proxy list', async () => {
    expect(await (await app([]).request('/')).text()).toBe('unknown');
    expect(() => new ClientAddresses(['proxy.example'])).toThrow(/不是 IP 地址或网段/);
  });
});
