/**
 * The gateway: an HTTP + WebSocket API over the validator's view of the subnet, and the web page.
 *
 *   POST /v1/classify      {domain, task?, texts[], redundancy?} → labels, probabilities, provenance
 *   GET  /v1/miners        ?domain=  the subnet table (uid, hotkey, domain, score, model hash, incentive)
 *   GET  /v1/emission      emission per uid over recent epochs (the page's chart)
 *   GET|POST /v1/verify    checks a provenance record offline (every answer field against the signatures)
 *   GET  /v1/evidence      fraud evidence records (?uid=&limit=); /v1/evidence/:id one record's file bytes
 *   GET  /v1/audit/epochs  the audit trail's epochs; /v1/audit/epochs/:n one epoch's JSONL (gzip if accepted)
 *   GET  /v1/usage         the caller's own usage counters
 *   GET  /healthz, /metrics, /  (the page and its two assets)
 *   WS   /v1/ws            {type: "classify", id?, ...} → {type: "result", id, ...} | {type: "error", id, error}
 *
 * `startGateway` wires the shared parts (keys, ledger, rate limits, router, metrics) and listens; the
 * fastify app and its routes are in app.ts and routes/.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from '../../shared/logger.js';
import type { MinerConnections } from '../miners/index.js';
import type { EvidenceReader } from '../verify/evidence-store.js';
import { buildGatewayApp } from './app.js';
import type { GatewayContext } from './context.js';
import { ApiKeyStore, DEFAULT_KEY_RATE_LIMIT, type KeyRateLimit } from './keys.js';
import { UsageLedger } from './ledger.js';
import { createGatewayMetrics } from './metrics.js';
import { KeyRateLimits } from './rate-limits.js';
import { MinerRouter, type RouterOptions } from './router.js';
import { startHeartbeat } from './routes/ws.js';
import type { AuditSource, GatewayView } from './types.js';

export interface GatewayOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  view: GatewayView;
  connections: MinerConnections;
  /** Fraud evidence to publish (the validator's `EvidenceStore`); none without it. */
  evidence?: EvidenceReader;
  /** The validator's audit trail to publish (issue 15); none without it. */
  audit?: AuditSource;
  /** API keys file (`expertnet gateway-keys`). Without it the API is open, rate-limited per client IP. */
  keysFile?: string;
  /** Usage ledger (JSON, flushed every few seconds); in memory only without it. */
  ledgerFile?: string;
  log: Logger;
  /**
   * The gateway's own metrics go here and /metrics serves exactly this registry; by default a private one.
   * Never the validator's registry: /metrics is public and scraped as its own job, so it must not repeat
   * the validator's series (issue 18).
   */
  registry?: Registry;
  /** Process metrics (CPU, memory, event loop) on the private registry: off inside the validator, whose
   * metrics port already exports them for the same process. Default true. */
  processMetrics?: boolean;
  /** Routing knobs (spread, attempts, timeout, cooldown). */
  routing?: Omit<RouterOptions, 'view' | 'connections' | 'onAttempt'>;
  /** Rate limit of callers without a key when no keys file is set. Default 5/s, burst 20. */
  anonymousRateLimit?: KeyRateLimit;
  /** How often at most the keys file is checked for changes, ms. Default 1000. */
  keysRefreshMs?: number;
  /** WebSocket API ping interval; a client that missed the previous pong is dropped. Default 30 s. */
  heartbeatMs?: number;
  /** Largest request body or WebSocket message. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Requests one WebSocket client may have in flight; more are refused. Default 16. */
  socketMaxInFlight?: number;
  /** Unsent bytes for one WebSocket client (it stopped reading) past which it is dropped. Default 8 MiB. */
  socketMaxBufferedBytes?: number;
}

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { view, log } = options;
  const registry = options.registry ?? privateRegistry(options.processMetrics ?? true);
  const metrics = createGatewayMetrics(registry);
  const keys = options.keysFile ? await ApiKeyStore.open(options.keysFile, options.keysRefreshMs) : undefined;
  const ledger = await UsageLedger.open(options.ledgerFile, log);
  const router = new MinerRouter({
    ...options.routing,
    view,
    connections: options.connections,
    onAttempt: (miner, texts, outcome) => {
      metrics.minerAttempts.inc({ uid: String(miner.uid), outcome });
      ledger.recordMiner(miner.hotkey, miner.uid, texts, outcome === 'ok');
    },
  });
  const ctx: GatewayContext = {
    view,
    evidence: options.evidence,
    router,
    audit: options.audit,
    ledger,
    keys,
    limits: new KeyRateLimits(),
    anonymousLimit: options.anonymousRateLimit ?? DEFAULT_KEY_RATE_LIMIT,
    metrics,
    registry,
    log,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    socket: {
      maxInFlight: options.socketMaxInFlight ?? 16,
      maxBufferedBytes: options.socketMaxBufferedBytes ?? 8 * 1024 * 1024,
      heartbeatMs: options.heartbeatMs ?? 30_000,
    },
  };

  const app = await buildGatewayApp(ctx);
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port, host });
  } catch (err) {
    await ledger.close();
    throw err;
  }
  app.server.on('error', (err) => log.error({ err }, 'gateway server error'));
  const heartbeat = startHeartbeat(ctx, app.websocketServer.clients);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url, auth: keys ? 'api-key' : 'none', ledger: options.ledgerFile ?? null }, 'gateway listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        clearInterval(heartbeat);
        // Keep-alive connections with a request in flight get 2 s to finish it.
        const force = setTimeout(() => app.server.closeAllConnections(), 2_000);
        force.unref();
        await app.close();
        clearTimeout(force);
        await ledger.close();
      })();
      return closing;
    },
  };
}

function privateRegistry(processMetrics: boolean): Registry {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}
