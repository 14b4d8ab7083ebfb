/**
 * `npm run bench -- timelock` (or `npm run bench timelock`): the cost of timelocked weights per commit.
 * Encrypting one commit of 256 uids (what a validator pays per commit), decrypting it (what the chain
 * pays per commit when the round's pulse arrives), verifying one beacon signature (what the chain pays
 * per pulse), a 12 s block's 4 pulses one by one and as one batch (what the chain pays per block) and the
 * dev beacon's signing. Medians over repeats after a warm-up, wall and CPU.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  beaconPublicKey,
  decodeWeightsPayload,
  encodeWeightsPayload,
  QUICKNET,
  signRound,
  timelockDecrypt,
  timelockEncrypt,
  verifyBeaconSignature,
  verifyBeaconSignatures,
} from '../shared/timelock/index.js';
import { fmt, median } from './stats.js';

const REPEATS = 15;

function time(fn: () => unknown): { wall: number; cpu: number } {
  fn(); // warm-up: precomputed tables, JIT
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export async function run(): Promise<void> {
  const uids = Array.from({ length: 256 }, (_, i) => i);
  const payload = encodeWeightsPayload({
    hotkey: new Uint8Array(32).fill(7),
    uids,
    values: uids.map((u) => (u * 251) & 0xffff),
    versionKey: 1n,
  });
  const sk = new Uint8Array(32).fill(0x42);
  const pk = beaconPublicKey(sk);
  const round = 1_000_000n;
  const sig = signRound(sk, round);
  const ct = timelockEncrypt(payload, round, pk);
  const quicknetSig = Uint8Array.from(
    Buffer.from(
      'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
      'hex',
    ),
  );

  // A 12 s block carries 4 pulses of a 3 s beacon.
  const block = [0n, 1n, 2n, 3n].map((i) => ({ round: round + i, signature: signRound(sk, round + i) }));
  if (!verifyBeaconSignatures(pk, block)) throw new Error('bench pulses do not verify');

  const rows: [string, { wall: number; cpu: number }][] = [
    [
      'encrypt commit, 256 uids (quicknet key)',
      time(() => timelockEncrypt(payload, round, QUICKNET.publicKey)),
    ],
    [
      'decrypt + decode commit (chain, per commit)',
      time(() => decodeWeightsPayload(timelockDecrypt(ct, sig))),
    ],
    [
      'verify beacon signature (chain, per pulse)',
      time(() => verifyBeaconSignature(QUICKNET.publicKey, 1000n, quicknetSig)),
    ],
    [
      'verify 4 pulses one by one (chain, per block)',
      time(() => block.every((p) => verifyBeaconSignature(pk, p.round, p.signature))),
    ],
    ['verify 4 pulses as a batch (chain, per block)', time(() => verifyBeaconSignatures(pk, block))],
    ['sign a round (dev beacon)', time(() => signRound(sk, round))],
  ];
  console.log(
    `timelock (medians of ${REPEATS}; payload ${payload.length} B, ciphertext ${ct.length} B; load ${loadavg()[0]?.toFixed(1)})`,
  );
  console.log('operation                                       wall_ms   cpu_ms');
  for (const [name, t] of rows)
    console.log(`${name.padEnd(46)}  ${fmt(t.wall).padStart(7)}  ${fmt(t.cpu).padStart(7)}`);
}
