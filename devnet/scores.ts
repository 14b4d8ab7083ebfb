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

export const MINER_VERIFICATION_METRIC = 'expertnet_validator_miner_verification';

/** Verification status by uid (`expertnet_validator_miner_verification{uid,status} 1`). */
export function minerVerificationFromText(text: string): Map<number, string> {
  const statuses = new Map<number, string>();
  const family = parsePrometheusTextFormat(text).find((f) => f.name === MINER_VERIFICATION_METRIC);
  for (const sample of family?.metrics ?? []) {
    const uid = Number(sample.labels?.uid);
    const status = sample.labels?.status;
    if (Number.isInteger(uid) && uid >= 0 && typeof status === 'string' && Number(sample.value) === 1)
      statuses.set(uid, status);
  }
  return statuses;
}

export const LAST_WEIGHTS_BLOCK_METRIC = 'expertnet_validator_last_weights_block';

/** The block at which the validator's weights last landed on chain (set, or applied after a commit). */
export function lastWeightsBlockFromText(text: string): number | undefined {
  const family = parsePrometheusTextFormat(text).find((f) => f.name === LAST_WEIGHTS_BLOCK_METRIC);
  const value = Number(family?.metrics[0]?.value);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Scores, verification statuses and last weights block of one validator; undefined when it does not answer. */
export async function scrapeValidatorMetrics(
  url: string,
  timeoutMs = 2_000,
): Promise<
  | { scores: Map<number, number>; verification: Map<number, string>; lastWeightsBlock: number | undefined }
  | undefined
> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const text = await res.text();
    return {
      scores: minerScoresFromText(text),
      verification: minerVerificationFromText(text),
      lastWeightsBlock: lastWeightsBlockFromText(text),
    };
  } catch {
    return undefined;
  }
}
