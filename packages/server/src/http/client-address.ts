import { BlockList, isIP } from 'node:net';
import { AppError, msg } from '@healthwatch/core';
import type { Context } from 'hono';

/**
 * The address a request came from. It is the socket's peer address: forwarding headers are
 * written by the client and prove nothing, so they are read only when the peer is a configured
 * trusted proxy (`--trust-proxy` / HEALTHWATCH_TRUSTED_PROXIES: addresses or CIDR ranges). Then
 * X-Forwarded-For is read from the right, skipping trusted hops; the first other address is the
 * client (the left part may be forged by the client and is never used).
 */
export class ClientAddresses {
  private readonly trusted = new BlockList();
  private readonly any: boolean;

  constructor(trustedProxies: readonly string[] = []) {
    for (const entry of trustedProxies.map((s) => s.trim()).filter((s) => s !== '')) {
      const [addr = '', bits] = entry.split('/');
      const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
      if (isIP(addr) === 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
        throw new AppError('HW_VALIDATION', {
          reason: msg('validation.trustedProxy', { entry }),
        });
      }
      if (bits === undefined) {
        this.trusted.addAddress(addr, family);
      } else {
        this.trusted.addSubnet(addr, Number(bits), family);
      }
    }
    this.any = trustedProxies.some((s) => s.trim() !== '');
  }

  private isTrusted(addr: string): boolean {
    const family = isIP(addr);
    return this.any && family !== 0 && this.trusted.check(addr, family === 6 ? 'ipv6' : 'ipv4');
  }

  of(c: Context): string {
    const peer = normalise(socketAddress(c));
    if (!peer || !this.isTrusted(peer)) {
      return peer ?? 'unknown';
    }
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => normalise(s.trim()))
      .filter((s): s is string => s !== undefined && isIP(s) !== 0);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] ?? '';
      if (!this.isTrusted(hop)) {
        return hop;
      }
    }
    const real = normalise(c.req.header('x-real-ip')?.trim());
    return real && isIP(real) !== 0 ? real : peer;
  }
}

function socketAddress(c: Context): string | undefined {
  // @hono/node-server puts the Node request in the env; `app.request()` in tests has none.
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/** `::ffff:10.0.0.1` (IPv4 on an IPv6 socket) is `10.0.0.1`. */
function normalise(addr: string | undefined): string | undefined {
  if (!addr) {
    return undefined;
  }
  return addr.startsWith('::ffff:') && isIP(addr.slice(7)) === 4 ? addr.slice(7) : addr;
}
