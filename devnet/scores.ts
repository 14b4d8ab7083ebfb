/**
 * Each validator's current score for every miner, scraped from its Prometheus endpoint
 * (`expertnet_validator_miner_score{uid,hotkey,domain}`), the same number an operator's Grafana shows.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export const MINER_SCORE_METRIC = 'expertnet_validator_miner_score';

/** Score by uid from a metrics page; samples without a numeric uid or value are skipped. */
export function minerScoresFromText(text: string): Map<number, number> {
  const scores = new Map<number, number>();
  const family = parsePrometheusTextFormat(text).find((f) => f.name === MINER_SCORE_METRIC);
  for (const sample of family?.metrics ?? []) {
    const uid = Number(sample.labels?.uid);
    const value = Number(sample.value);
    if (Number.isInteger(uid) && uid >= 0 && Number.isFinite(value)) scores.set(uid, value);
  }
  return scores;
}

/** Scrapes one validator; undefined when it does not answer (it is starting, or down). */
export async function scrapeMinerScores(
  url: string,
  timeoutMs = 2_000,
): Promise<Map<number, number> | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    return minerScoresFromText(await res.text());
  } catch {
    return undefined;
  }
}
