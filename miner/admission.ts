/**
 * Who gets in: limits on unauthenticated connections (per peer address and in total, so a flood of
 * idle sockets cannot pile up until the handshake timeout), the signed handshake, and the chain
 * checks (blacklist, registration, permit, stake) in the order of the close codes.
 */
import {
  type AuthFrame,
  type ChallengeFrame,
  type CloseReason,
  closeFor,
  NonceCache,
  type ProtocolLimits,
  verifyHandshake,
} from '../shared/protocol/index.js';
import type { ValidatorDirectory } from './validators.js';

export interface AdmissionPolicy {
  /** Refuse validators without a validator permit. Default true. */
  requirePermit?: boolean;
  /** Minimum stake in rao. Default 0. */
  minStake?: bigint;
  /** Hotkeys always refused. */
  blacklist?: Iterable<string>;
}

export interface PreAuthLimits {
  /** Unauthenticated connections from one address. Default 16. */
  perIp: number;
  /** Unauthenticated connections in all. Default 256. */
  total: number;
}

export const DEFAULT_PRE_AUTH_LIMITS: Readonly<PreAuthLimits> = Object.freeze({ perIp: 16, total: 256 });

/** Counts connections that have not authenticated yet, per address and in total. */
export class PreAuthGate {
  readonly limits: PreAuthLimits;
  readonly #byIp = new Map<string, number>();
  #total = 0;

  constructor(limits: Partial<PreAuthLimits> = {}) {
    this.limits = { ...DEFAULT_PRE_AUTH_LIMITS, ...limits };
  }

  get size(): number {
    return this.#total;
  }

  /** Takes a slot for `ip`; false (and nothing taken) when either limit is reached. */
  admit(ip: string): boolean {
    const fromIp = this.#byIp.get(ip) ?? 0;
    if (fromIp >= this.limits.perIp || this.#total >= this.limits.total) return false;
    this.#byIp.set(ip, fromIp + 1);
    this.#total++;
    return true;
  }

  release(ip: string): void {
    const fromIp = this.#byIp.get(ip) ?? 0;
    if (fromIp <= 0) return;
    if (fromIp === 1) this.#byIp.delete(ip);
    else this.#byIp.set(ip, fromIp - 1);
    this.#total--;
  }
}

export type AdmissionResult = { ok: true; hotkey: string } | { ok: false; reason: CloseReason };

export class Admission {
  readonly #directory: ValidatorDirectory;
  readonly #policy: AdmissionPolicy;
  readonly #blacklist: Set<string>;
  readonly #nonces = new NonceCache();
  readonly #maxClockSkewMs: number;

  constructor(directory: ValidatorDirectory, policy: AdmissionPolicy, limits: ProtocolLimits) {
    this.#directory = directory;
    this.#policy = policy;
    this.#blacklist = new Set(policy.blacklist ?? []);
    this.#maxClockSkewMs = limits.maxClockSkewMs;
  }

  /** The signed handshake, then the chain checks. */
  authenticate(challenge: ChallengeFrame, auth: AuthFrame): AdmissionResult {
    const result = verifyHandshake({
      challenge,
      auth,
      nonceCache: this.#nonces,
      maxClockSkewMs: this.#maxClockSkewMs,
    });
    if (!result.ok) return { ok: false, reason: closeFor(result.reason).reason };
    const refusal = this.check(result.validatorHotkey);
    return refusal ? { ok: false, reason: refusal } : { ok: true, hotkey: result.validatorHotkey };
  }

  /** Chain checks, in the order of the close codes: blacklist, registration, permit, stake. */
  check(hotkey: string): CloseReason | undefined {
    if (this.#blacklist.has(hotkey)) return 'BLACKLISTED';
    const standing = this.#directory.lookup(hotkey);
    if (!standing) return 'UNREGISTERED_HOTKEY';
    if ((this.#policy.requirePermit ?? true) && !standing.validatorPermit) return 'NO_VALIDATOR_PERMIT';
    if (standing.stake < (this.#policy.minStake ?? 0n)) return 'LOW_STAKE';
    return undefined;
  }
}
