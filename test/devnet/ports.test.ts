import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { portAllocator, portIsFree } from '../../devnet/ports.js';

describe('devnet ports', () => {
  it('counts up from a base port', async () => {
    const ports = portAllocator(30_000);
    expect([await ports.next(), await ports.next(), await ports.next()]).toEqual([30_000, 30_001, 30_002]);
  });

  it('hands out distinct free ports with base 0, and sees a port in use', async () => {
    const ports = portAllocator(0);
    const picked = [await ports.next(), await ports.next(), await ports.next()];
    expect(new Set(picked).size).toBe(3);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const busy = (server.address() as { port: number }).port;
    try {
      expect(await portIsFree(busy)).toBe(false);
    } finally {
      server.close();
    }
  });
});
