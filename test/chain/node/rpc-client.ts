/** Minimal raw JSON-RPC WebSocket client for node tests: exact frames in, parsed frames out. */
import WebSocket from 'ws';

export interface RawClient {
  ws: WebSocket;
  /** Sends a request and resolves with its response frame. */
  call(
    method: string,
    params?: unknown[],
  ): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }>;
  /** Sends raw text; resolves with the next frame that is not a subscription notification. */
  raw(text: string | Buffer): Promise<unknown>;
  /** Notifications received so far for `subscription`. */
  notifications(subscription: string): unknown[];
  /** Resolves once `subscription` has at least `count` notifications. */
  waitFor(subscription: string, count: number, timeoutMs?: number): Promise<unknown[]>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function connect(url: string): Promise<RawClient> {
  const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (frame: never) => void>();
  const rawWaiters: Array<(frame: unknown) => void> = [];
  const notes = new Map<string, unknown[]>();
  const noteWaiters = new Set<() => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Record<string, unknown>;
    if (frame.method !== undefined && frame.id === undefined) {
      const params = frame.params as { subscription: string; result: unknown };
      const list = notes.get(params.subscription) ?? [];
      list.push(params.result);
      notes.set(params.subscription, list);
      for (const w of [...noteWaiters]) w();
      return;
    }
    const id = (frame as { id?: unknown }).id;
    if (typeof id === 'number' && pending.has(id)) {
      pending.get(id)!(frame as never);
      pending.delete(id);
    } else rawWaiters.shift()?.(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('error', () => {});
  return {
    ws,
    closed,
    call(method, params = []) {
      const id = nextId++;
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      return new Promise((resolve) => pending.set(id, resolve as (frame: never) => void));
    },
    raw(text) {
      ws.send(text);
      return new Promise((resolve) => rawWaiters.push(resolve));
    },
    notifications: (sub) => notes.get(sub) ?? [],
    waitFor(sub, count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const list = notes.get(sub) ?? [];
          if (list.length >= count) {
            noteWaiters.delete(check);
            clearTimeout(timer);
            resolve(list);
          }
        };
        const timer = setTimeout(() => {
          noteWaiters.delete(check);
          reject(new Error(`timed out waiting for ${count} notifications on ${sub}`));
        }, timeoutMs);
        noteWaiters.add(check);
        check();
      });
    },
    close: () => ws.close(),
  };
}
