/**
 * Ports for the devnet's listeners. With a base port they are consecutive from it (predictable for
 * scrapers and firewalls); with 0 each one is a free port picked by get-port (tests, parallel devnets).
 */
import getPort from 'get-port';

export interface PortAllocator {
  next(): Promise<number>;
}

export function portAllocator(basePort: number): PortAllocator {
  let offset = 0;
  const taken: number[] = [];
  return {
    async next() {
      if (basePort === 0) {
        // get-port locks what it returned for a while, but exclude ours anyway.
        const port = await getPort({ exclude: taken });
        taken.push(port);
        return port;
      }
      return basePort + offset++;
    },
  };
}

/** Whether `port` can be listened on now (on every interface, as the daemons bind). */
export async function portIsFree(port: number): Promise<boolean> {
  return (await getPort({ port })) === port;
}
