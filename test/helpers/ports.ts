import getPort from 'get-port';

/** A TCP port free on loopback when asked: nothing holds it afterwards (a dead peer, or one to listen on). */
export function freePort(): Promise<number> {
  return getPort({ host: '127.0.0.1' });
}
