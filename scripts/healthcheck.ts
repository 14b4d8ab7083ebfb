#!/usr/bin/env node
/**
 * Container health check (the image's HEALTHCHECK), for whichever role the container runs: healthy
 * (exit 0) when one of the roles' local endpoints answers — the chain's JSON-RPC `system_health`, or a
 * daemon's Prometheus `/metrics` at its default port (chain 9615, miner 9101, validator 9102). A
 * container with other ports sets EXPERTNET_HEALTHCHECK_URL (an http URL answering 200 to GET).
 */
const TIMEOUT_MS = 3_000;

async function answers(url: string, init?: RequestInit): Promise<boolean> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function healthy(): Promise<boolean> {
  const override = process.env.EXPERTNET_HEALTHCHECK_URL;
  if (override) return answers(override);
  const checks = [
    answers('http://127.0.0.1:9944', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
    }),
    // The miner's /healthz turns 503 while its inference worker is hung or being replaced.
    ...['9615/metrics', '9101/healthz', '9102/metrics'].map((path) => answers(`http://127.0.0.1:${path}`)),
  ];
  return (await Promise.all(checks)).some(Boolean);
}

process.exit((await healthy()) ? 0 : 1);
