/**
 * The dev chain's drand stand-in: a BLS key (quicknet's scheme, `shared/timelock`) that signs a pulse for
 * every round, one round per `period` seconds from its genesis time. Its public key, period and genesis
 * time go into `Drand.BeaconConfig` at genesis; the block author asks the runtime for the pulses due
 * (`Runtime.offchainTransactions`), which this beacon signs.
 *
 * The key is generated with the chain and kept in `<chain dir>/beacon.json` (mode 0600), so a restart
 * goes on with the same beacon; `--beacon-secret` sets it instead (and must match a persisted one).
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import { sr25519PairFromSeed } from '@polkadot/util-crypto/sr25519/pair/fromSeed';
import { sr25519Sign } from '@polkadot/util-crypto/sr25519/sign';
import { errorMessage } from '../../shared/errors.js';
import { beaconPublicKey, signRound } from '../../shared/timelock/index.js';
import type { BeaconGenesis, OffchainEnv } from '../runtime/interface.js';
import { NodeError } from './errors.js';

export const BEACON_FILE = 'beacon.json';
/** quicknet's period, seconds. */
export const DEFAULT_BEACON_PERIOD = 3;
const MAX_PERIOD = 86_400;

export interface BeaconOptions {
  /** The BLS secret key, 32 bytes as hex (`--beacon-secret`); default: generated with the chain. */
  secret?: string;
  /** Seconds per round (`--beacon-period`); default 3, as quicknet. */
  period?: number;
  /** The period a new beacon gets when `period` is not given (the node's instant-seal default). */
  defaultPeriod?: number;
}

export interface DevBeacon {
  /** What genesis writes into `Drand.BeaconConfig`. */
  readonly genesis: BeaconGenesis;
  /** Signs the pulses and the unsigned payloads the author puts into blocks. */
  readonly env: OffchainEnv;
}

interface BeaconFile {
  secret: string;
  period: number;
  genesisTime: number;
}

function invalid(option: string, value: unknown, message: string): NodeError {
  return new NodeError({ code: 'INVALID_OPTION', option, value }, message);
}

function parseSecret(hex: string): Uint8Array {
  const body = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (!/^[0-9a-fA-F]{64}$/.test(body)) {
    throw invalid('beacon-secret', '<hidden>', '--beacon-secret must be 32 bytes of hex');
  }
  return Uint8Array.from(Buffer.from(body, 'hex'));
}

function checkPeriod(period: number): number {
  if (!Number.isInteger(period) || period < 1 || period > MAX_PERIOD) {
    throw invalid('beacon-period', period, `--beacon-period must be whole seconds, 1 to ${MAX_PERIOD}`);
  }
  return period;
}

/** A random secret scalar below the BLS12-381 group order (whose top byte is 0x73). */
function generateSecret(): Uint8Array {
  for (;;) {
    const sk = randomBytes(32);
    sk[0] = (sk[0] ?? 0) & 0x3f;
    if (sk.some((b) => b !== 0)) return Uint8Array.from(sk);
  }
}

async function readBeaconFile(path: string): Promise<BeaconFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const f = JSON.parse(text) as Partial<BeaconFile>;
    if (typeof f.secret === 'string' && typeof f.period === 'number' && typeof f.genesisTime === 'number')
      return { secret: f.secret, period: f.period, genesisTime: f.genesisTime };
  } catch (err) {
    throw invalid('base-path', path, `${path} is not a beacon file: ${errorMessage(err)}`);
  }
  throw invalid('base-path', path, `${path} is not a beacon file (secret, period, genesisTime)`);
}

/**
 * Opens the beacon of the chain in `chainDir`: the persisted one, or a new one (from `options.secret`
 * or random, genesis time now) written there. Options that contradict the persisted beacon are
 * `INVALID_OPTION` errors rather than a beacon whose pulses the chain would refuse.
 */
export async function openDevBeacon(chainDir: string, options: BeaconOptions = {}): Promise<DevBeacon> {
  const path = join(chainDir, BEACON_FILE);
  const given = options.secret === undefined ? undefined : parseSecret(options.secret);
  const period = options.period === undefined ? undefined : checkPeriod(options.period);
  let file = await readBeaconFile(path);
  if (file !== undefined) {
    const stored = parseSecret(file.secret);
    if (given !== undefined && !Buffer.from(given).equals(Buffer.from(stored)))
      throw invalid(
        'beacon-secret',
        '<hidden>',
        `--beacon-secret differs from this chain's beacon (${path})`,
      );
    if (period !== undefined && period !== file.period)
      throw invalid(
        'beacon-period',
        period,
        `this chain's beacon has a period of ${file.period} s (${path})`,
      );
  } else {
    const secret = given ?? generateSecret();
    file = {
      secret: Buffer.from(secret).toString('hex'),
      period: period ?? checkPeriod(options.defaultPeriod ?? DEFAULT_BEACON_PERIOD),
      genesisTime: Math.floor(Date.now() / 1000),
    };
    checkKey(secret);
    await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  }
  return devBeacon(parseSecret(file.secret), file.period, file.genesisTime);
}

function checkKey(secret: Uint8Array): Uint8Array {
  try {
    return beaconPublicKey(secret);
  } catch (err) {
    throw invalid(
      'beacon-secret',
      '<hidden>',
      `--beacon-secret is not a BLS12-381 secret key: ${errorMessage(err)}`,
    );
  }
}

/** A beacon from its secret key, period and genesis time (unix seconds). */
export function devBeacon(secret: Uint8Array, period: number, genesisTime: number): DevBeacon {
  const publicKey = checkKey(secret);
  // The sr25519 key that signs write_pulse payloads (subtensor's offchain worker key), derived from the
  // beacon secret so it needs no keystore of its own.
  const offchain = sr25519PairFromSeed(
    blake2AsU8a(Buffer.concat([Buffer.from('expertnet/drand-offchain'), secret]), 256),
  );
  return {
    genesis: { publicKey, period, genesisTime },
    env: {
      beaconPublicKey: publicKey,
      beaconSignature: (round) => signRound(secret, round),
      offchainPublicKey: offchain.publicKey,
      offchainSign: (message) => sr25519Sign(message, offchain),
    },
  };
}
