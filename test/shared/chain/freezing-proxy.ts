/**
 * A TCP proxy on loopback that can silently stop forwarding on the connections it holds (no FIN, no
 * RST: what a frozen NAT entry or a wedged middlebox looks like) while new connections still pass.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface FreezingProxy {
  /** `ws://127.0.0.1:<port>` */
  url: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Stops forwarding on every connection open now, both ways; they stay open. */
  freezeExisting(): void;
  close(): Promise<void>;
}

export async function startFreezingProxy(upstreamPort: number): Promise<FreezingProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket; frozen: boolean }>();
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted++;
    const upstream = createConnection(upstreamPort, '127.0.0.1');
    const pair = { client, upstream, frozen: false };
    pairs.add(pair);
    client.on('data', (chunk) => pair.frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => pair.frozen || client.write(chunk));
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', () => pair.frozen || drop());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    freezeExisting() {
      for (const pair of pairs) pair.frozen = true;
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
