/**
 * Axon addresses as subtensor stores them (`ip: u128`, `ip_type: 4|6`), and the protocol marker
 * Expertnet miners advertise.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { ChainClientError } from './errors.js';

/**
 * `AxonInfo.protocol` of an Expertnet miner: its axon speaks the msgpack WebSocket protocol of
 * `shared/protocol` (docs/protocol.md). Bittensor's HTTP axons advertise 4 (the SDK default), so
 * validators can tell the two apart and skip axons they cannot talk to.
 */
export const AXON_PROTOCOL_WEBSOCKET = 2;

/** IPv4/IPv6 text → the u128 subtensor stores (as Bittensor's `net.ip_to_int`). */
export function ipToInt(ip: string): { value: bigint; ipType: 4 | 6 } {
  if (isIPv4(ip)) {
    const value = ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
    return { value, ipType: 4 };
  }
  if (isIPv6(ip)) {
    let text = ip;
    const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4Tail) {
      const v4 = ipToInt(v4Tail[1]!).value;
      text = `${text.slice(0, -v4Tail[1]!.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
    }
    const [head = '', tail] = text.split('::');
    const headParts = head === '' ? [] : head.split(':');
    const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
    const zeros = tail === undefined ? 0 : 8 - headParts.length - tailParts.length;
    const parts = [...headParts, ...Array<string>(zeros).fill('0'), ...tailParts];
    const value = parts.reduce((acc, part) => (acc << 16n) | BigInt(Number.parseInt(part, 16)), 0n);
    return { value, ipType: 6 };
  }
  throw new ChainClientError({ code: 'BAD_INPUT', field: 'ip', value: ip }, `not an IP address: ${ip}`);
}

/** The u128 from chain → text. */
export function intToIp(value: bigint, ipType: number): string {
  if (ipType === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  // The WHATWG URL parser prints IPv6 in its canonical short form (RFC 5952).
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}
