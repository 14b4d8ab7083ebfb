/**
 * One validator connection on the miner's axon: its handshake phase, counters, and sending with
 * backpressure. `signal` aborts when the socket closes, so queued work for it is dropped unrun.
 */
import type { WebSocket } from 'ws';
import type { Logger } from '../shared/logger.js';
import {
  type ChallengeFrame,
  CLOSE_CODES,
  CLOSE_REASON_TEXT,
  type CloseReason,
} from '../shared/protocol/index.js';

/** `challenged`: waiting for auth (unauthenticated); `ready`: admitted; `closing`: close sent. */
export type Phase = 'challenged' | 'ready' | 'closing';

export class Connection {
  readonly ws: WebSocket;
  /** `ip:port`, for logs. */
  readonly remote: string;
  /** Peer address, for the pre-auth limits. */
  readonly ip: string;
  readonly challenge: ChallengeFrame;
  phase: Phase = 'challenged';
  /** Set once the auth frame named a hotkey (logs), and the admitted hotkey once ready. */
  validator: string | undefined;
  /** Classify requests of this connection queued or running. */
  inflight = 0;
  /** Bundle requests being read (own limit, outside the classify slots). */
  bundleInflight = 0;
  /** Malformed requests so far (TOO_MANY_ERRORS past the limit). */
  errors = 0;
  /** Requests seen before auth (each answered UNAUTHORIZED, a few at most). */
  requestsBeforeAuth = 0;
  /** Counted by the pre-auth limits until it authenticates or closes. */
  holdsPreAuthSlot = true;
  /** Answered the last ping. */
  alive = true;
  handshakeTimer: NodeJS.Timeout | undefined;
  readonly #abort = new AbortController();
  readonly #maxBufferedBytes: number;
  readonly #log: Logger;

  constructor(
    ws: WebSocket,
    peer: { ip: string; remote: string },
    challenge: ChallengeFrame,
    maxBufferedBytes: number,
    log: Logger,
  ) {
    this.ws = ws;
    this.ip = peer.ip;
    this.remote = peer.remote;
    this.challenge = challenge;
    this.#maxBufferedBytes = maxBufferedBytes;
    this.#log = log;
  }

  /** Nothing of this connection is being worked on. */
  get idle(): boolean {
    return this.inflight === 0 && this.bundleInflight === 0;
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Aborts when the socket has closed. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  send(bytes: Uint8Array): void {
    if (!this.open) return;
    if (this.ws.bufferedAmount > this.#maxBufferedBytes) {
      // The peer stopped reading: a close frame would queue behind the backlog, so drop it now.
      this.#log.warn(
        { remote: this.remote, buffered: this.ws.bufferedAmount },
        'dropping a peer that stopped reading',
      );
      this.ws.terminate();
      return;
    }
    this.ws.send(bytes, { binary: true });
  }

  close(reason: CloseReason): void {
    if (!this.open) return;
    this.phase = 'closing';
    this.ws.close(CLOSE_CODES[reason], CLOSE_REASON_TEXT[reason]);
  }

  /** The socket closed: stop the handshake timer and drop this connection's queued work. */
  closed(): void {
    clearTimeout(this.handshakeTimer);
    this.phase = 'closing';
    this.#abort.abort();
  }
}
