/**
 * What every route of the gateway shares: the validator's view, the router, keys, rate limits, ledger,
 * metrics and limits. Built once by `startGateway` (server.ts) and handed to each route plugin.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../../shared/logger.js';
import type { EvidenceReader } from '../verify/evidence-store.js';
import type { ApiKeyStore, KeyRateLimit } from './keys.js';
import type { UsageLedger } from './ledger.js';
import type { GatewayMetrics } from './metrics.js';
import type { KeyRateLimits } from './rate-limits.js';
import type { MinerRouter } from './router.js';
import type { AuditSource, GatewayView } from './types.js';

/** Who is calling: a key, or an anonymous client address when the gateway has no keys file. */
export interface Caller {
  /** Key id, or `ip:<address>` for anonymous callers. */
  id: string;
  name: string;
  rateLimit: KeyRateLimit;
}

export interface SocketLimits {
  /** Requests one WebSocket client may have in flight; more are answered TOO_MANY_IN_FLIGHT. */
  maxInFlight: number;
  /** Unsent bytes queued for one client (it stopped reading) past which it is dropped. */
  maxBufferedBytes: number;
  /** Ping interval; a client that missed the previous pong is dropped. */
  heartbeatMs: number;
}

export interface GatewayContext {
  view: GatewayView;
  /** Fraud evidence records (`GET /v1/evidence`); absent: none are published. */
  evidence: EvidenceReader | undefined;
  router: MinerRouter;
  /** The validator's audit trail (`GET /v1/audit/epochs`); absent: none is published. */
  audit?: AuditSource | undefined;
  ledger: UsageLedger;
  /** Absent: the API is open, rate-limited per client IP at `anonymousLimit`. */
  keys: ApiKeyStore | undefined;
  limits: KeyRateLimits;
  anonymousLimit: KeyRateLimit;
  metrics: GatewayMetrics;
  registry: Registry;
  log: Logger;
  /** Largest request body or WebSocket message, bytes. */
  maxBodyBytes: number;
  socket: SocketLimits;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the `authenticate` hook on the routes that need a key. */
    caller: Caller | null;
  }
}
