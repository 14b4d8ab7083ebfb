/**
 * Dynamic-TAO coinbase test scaffolding: a subnet (Alice owns it; Bob, Charlie and Dave registered)
 * with epochs off until a test turns them on, and direct state writes for the figures a test wants to
 * start from (pending buckets, moving prices, a simulated root stake).
 */
import { isEpochBlock } from '../../../../chain/runtime/pallets/subtensor/neurons.js';
import { Tempo } from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { Overlay } from '../../../../chain/runtime/storage.js';
import { type SubnetChain, subnetChain, TAO } from './helpers.js';

export const NETUID = 1;

/** Applies `f`'s writes to the chain's state between blocks (a test's starting figures). */
export function write(c: SubnetChain, f: (s: Overlay) => void): void {
  const o = new Overlay(c.view);
  f(o);
  for (const [k, v] of o.changes()) {
    if (v === null) c.state.delete(k);
    else c.state.set(k, v);
  }
}

/** The number of the next block that runs `netuid`'s epoch. */
export function nextEpochBlock(c: SubnetChain, netuid = NETUID): number {
  const tempo = Tempo.get(c.view, netuid);
  let next = c.best + 1;
  while (!isEpochBlock(netuid, tempo, next)) next++;
  return next;
}

/**
 * Subnet 1 owned by Alice (uid 0) with Bob (uid 1), Charlie (2) and Dave (3) registered, commit-reveal and
 * the weights rate limit off, tempo 0 (no epochs). `stakes` are TAO amounts staked by each coldkey on
 * its own hotkey.
 */
export async function dtaoSubnet(stakes: Partial<Record<'bob' | 'charlie' | 'dave', bigint>> = {}) {
  const c = await subnetChain();
  const { alice, bob, charlie, dave } = c.keys;
  const ok = (r: string | undefined) => {
    if (r !== undefined) throw new Error(r);
  };
  ok(c.run(alice.cold, 'SubtensorModule', 'register_network', { hotkey: alice.hot.address }));
  ok(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 0 }));
  const results = c.runMany([
    [bob.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: bob.hot.address }],
    [charlie.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: charlie.hot.address }],
    [dave.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: dave.hot.address }],
  ]);
  results.forEach(ok);
  for (const [name, tao] of Object.entries(stakes)) {
    const k = c.keys[name as 'bob' | 'charlie' | 'dave'];
    ok(
      c.run(k.cold, 'SubtensorModule', 'add_stake', {
        hotkey: k.hot.address,
        netuid: NETUID,
        amount_staked: tao * TAO,
      }),
    );
  }
  ok(c.sudo('AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid: NETUID, enabled: false }));
  ok(c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0 }));
  return c;
}
