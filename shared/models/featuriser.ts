/**
 * Hashed n-gram featuriser (fastText style), shared by the trainer and the inference wrapper so that a
 * text maps to exactly the same features at training and at serving time.
 *
 * Algorithm (version 1), fixed so that other implementations can reproduce it:
 * 1. Lower-case the text (`String.prototype.toLowerCase`, locale-independent) and take word tokens as
 *    maximal runs of Unicode letters and digits (`/[\p{L}\p{N}]+/gu`); punctuation and spaces separate
 *    tokens and are dropped. Only the first `maxTokens` tokens are used; each token is cut to its first
 *    `maxWordChars` code points.
 * 2. Features, each hashed with 32-bit FNV-1a over UTF-8 bytes (offset basis 0x811c9dc5, prime 0x01000193)
 *    and mapped to a bucket id `hash mod buckets`:
 *    - every token `w` as key `"w1:" + w`;
 *    - every word n-gram for 2 ≤ n ≤ `wordNgrams`, key `"w<n>:" + words joined by one space`;
 *    - if `charNgrams` is `[min, max]`, every character n-gram (code points) of `"<" + w + ">"` with
 *      min ≤ n ≤ max, key `"c:" + gram`.
 * 3. Weights: each token is one unit shared equally by its word feature and its character n-grams (as a
 *    fastText word vector is built from its subwords); each word n-gram (n ≥ 2) is one unit. Weights are
 *    divided by the total number of units, so they sum to 1 and the model's hidden vector is a weighted
 *    mean of embedding rows. Duplicates are kept (a repeated feature simply weighs more).
 */
import { ModelError } from './errors.js';

export interface FeaturiserSettings {
  /** Number of hash buckets (rows of the embedding matrix). */
  buckets: number;
  /** Longest word n-gram (1 = unigrams only). */
  wordNgrams: number;
  /** Character n-gram lengths `[min, max]` over `<word>`, or `null` for none. */
  charNgrams: readonly [number, number] | null;
  /** Tokens beyond this many are ignored (bounds the work per text). */
  maxTokens: number;
  /** Each token is cut to this many code points. */
  maxWordChars: number;
}

export const FEATURISER_VERSION = 1;
export const FEATURISER_HASH = 'fnv1a32-utf8';
export const DEFAULT_MAX_TOKENS = 256;
export const DEFAULT_MAX_WORD_CHARS = 32;
/** Upper bound on buckets: ids travel as int32 and the embedding must fit in one ONNX initializer. */
export const MAX_BUCKETS = 1 << 24;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const LT = 0x3c;
const GT = 0x3e;
const SPACE = 0x20;
const WORD_RE = /[\p{L}\p{N}]+/gu;

function fnvByte(h: number, byte: number): number {
  return Math.imul(h ^ byte, FNV_PRIME);
}

/** Feeds one code point's UTF-8 bytes. */
function fnvCodePoint(h: number, cp: number): number {
  if (cp < 0x80) return fnvByte(h, cp);
  if (cp < 0x800) return fnvByte(fnvByte(h, 0xc0 | (cp >> 6)), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) {
    h = fnvByte(h, 0xe0 | (cp >> 12));
    h = fnvByte(h, 0x80 | ((cp >> 6) & 0x3f));
    return fnvByte(h, 0x80 | (cp & 0x3f));
  }
  h = fnvByte(h, 0xf0 | (cp >> 18));
  h = fnvByte(h, 0x80 | ((cp >> 12) & 0x3f));
  h = fnvByte(h, 0x80 | ((cp >> 6) & 0x3f));
  return fnvByte(h, 0x80 | (cp & 0x3f));
}

function fnvAscii(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = fnvByte(h, s.charCodeAt(i));
  return h;
}

/** 32-bit FNV-1a of a string's UTF-8 bytes (the featuriser's hash, exported for tests and docs). */
export function fnv1a32(text: string): number {
  let h = FNV_OFFSET;
  for (const ch of text) h = fnvCodePoint(h, ch.codePointAt(0)!);
  return h >>> 0;
}

/** The featuriser's tokens of `text` (lower-cased words, before truncation). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(WORD_RE) ?? [];
}

function invalid(parameter: string, reason: string): ModelError {
  return new ModelError({ code: 'INVALID_PARAMETER', parameter, reason }, `${parameter} ${reason}`);
}

function checkInt(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(name, `must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
}

/** Throws `ModelError` INVALID_PARAMETER unless `s` is a usable featuriser configuration. */
export function validateFeaturiserSettings(s: FeaturiserSettings): void {
  checkInt('buckets', s.buckets, 1, MAX_BUCKETS);
  checkInt('wordNgrams', s.wordNgrams, 1, 5);
  checkInt('maxTokens', s.maxTokens, 1, 65_536);
  checkInt('maxWordChars', s.maxWordChars, 1, 256);
  if (s.charNgrams !== null) {
    if (!Array.isArray(s.charNgrams) || s.charNgrams.length !== 2) {
      throw invalid('charNgrams', 'must be [min, max] or null');
    }
    checkInt('charNgrams[0]', s.charNgrams[0], 1, 16);
    checkInt('charNgrams[1]', s.charNgrams[1], s.charNgrams[0], 16);
  }
}

/** Features of one text: parallel bucket ids and weights (copies, safe to keep). */
export interface FeatureBag {
  ids: Int32Array;
  weights: Float32Array;
}

/**
 * Turns texts into hashed features. Holds only scratch buffers (no global state), so one instance per
 * thread or worker; `encode` reuses its buffers and allocates nothing once they have grown.
 */
export class Featuriser {
  readonly settings: FeaturiserSettings;
  private idBuf = new Int32Array(1024);
  private shareBuf = new Float32Array(1024);
  /** Code points of all kept tokens, back to back, and each token's start (with one end sentinel). */
  private cps = new Int32Array(4096);
  private starts = new Int32Array(DEFAULT_MAX_TOKENS + 1);
  private readonly wordPrefix: number[];
  private readonly charPrefix: number;

  constructor(settings: FeaturiserSettings) {
    validateFeaturiserSettings(settings);
    this.settings = { ...settings, charNgrams: settings.charNgrams && [...settings.charNgrams] };
    this.wordPrefix = [];
    for (let n = 1; n <= settings.wordNgrams; n++) this.wordPrefix[n] = fnvAscii(FNV_OFFSET, `w${n}:`);
    this.charPrefix = fnvAscii(FNV_OFFSET, 'c:');
  }

  /** Ids of the last `encode` (first `n` entries valid; overwritten by the next call). */
  get ids(): Int32Array {
    return this.idBuf;
  }

  /** Weights of the last `encode` (first `n` entries valid; overwritten by the next call). */
  get weights(): Float32Array {
    return this.shareBuf;
  }

  /** Upper bound on the number of features of any text under these settings. */
  maxFeatures(): number {
    const s = this.settings;
    let perToken = 1 + (s.wordNgrams - 1);
    if (s.charNgrams) {
      const padded = s.maxWordChars + 2;
      for (let n = s.charNgrams[0]; n <= s.charNgrams[1]; n++) perToken += Math.max(0, padded - n + 1);
    }
    return s.maxTokens * perToken;
  }

  /** Featurises `text` into the scratch buffers and returns the feature count `n`. */
  encode(text: string): number {
    const s = this.settings;
    const tokenCount = this.collectTokens(text);
    let n = 0;
    let units = 0;
    const starts = this.starts;
    const cps = this.cps;
    for (let t = 0; t < tokenCount; t++) {
      const begin = starts[t]!;
      const end = starts[t + 1]!;
      // Word unigram and its character n-grams share one unit.
      const first = n;
      let h = this.wordPrefix[1]!;
      for (let i = begin; i < end; i++) h = fnvCodePoint(h, cps[i]!);
      n = this.push(n, h);
      if (s.charNgrams) n = this.pushCharNgrams(n, begin, end, s.charNgrams[0], s.charNgrams[1]);
      const share = 1 / (n - first);
      this.shareBuf.fill(share, first, n);
      units++;
      // Word n-grams ending at this token, one unit each.
      for (let g = 2; g <= s.wordNgrams && g <= t + 1; g++) {
        let hg = this.wordPrefix[g]!;
        for (let w = t - g + 1; w <= t; w++) {
          if (w > t - g + 1) hg = fnvByte(hg, SPACE);
          for (let i = starts[w]!; i < starts[w + 1]!; i++) hg = fnvCodePoint(hg, cps[i]!);
        }
        n = this.push(n, hg);
        this.shareBuf[n - 1] = 1;
        units++;
      }
    }
    if (units > 0) {
      const inv = 1 / units;
      for (let i = 0; i < n; i++) this.shareBuf[i]! *= inv;
    }
    return n;
  }

  /** Features of `text` as standalone arrays. */
  featurise(text: string): FeatureBag {
    const n = this.encode(text);
    return { ids: this.idBuf.slice(0, n), weights: this.shareBuf.slice(0, n) };
  }

  private collectTokens(text: string): number {
    const s = this.settings;
    if (this.starts.length < s.maxTokens + 1) this.starts = new Int32Array(s.maxTokens + 1);
    let count = 0;
    let pos = 0;
    for (const match of text.toLowerCase().matchAll(WORD_RE)) {
      if (count >= s.maxTokens) break;
      const word = match[0];
      if (pos + s.maxWordChars > this.cps.length) this.cps = grow(this.cps, pos + s.maxWordChars);
      this.starts[count] = pos;
      let chars = 0;
      for (let i = 0; i < word.length && chars < s.maxWordChars; chars++) {
        const cp = word.codePointAt(i)!;
        this.cps[pos++] = cp;
        i += cp > 0xffff ? 2 : 1;
      }
      count++;
    }
    this.starts[count] = pos;
    return count;
  }

  private pushCharNgrams(n: number, begin: number, end: number, minN: number, maxN: number): number {
    const len = end - begin + 2; // with '<' and '>'
    const cps = this.cps;
    // FNV-1a is incremental: extend one hash per start position and emit it at every length in range.
    for (let at = 0; at + minN <= len; at++) {
      let h = this.charPrefix;
      const stop = Math.min(len, at + maxN);
      for (let k = at; k < stop; k++) {
        h = fnvCodePoint(h, k === 0 ? LT : k === len - 1 ? GT : cps[begin + k - 1]!);
        if (k - at + 1 >= minN) n = this.push(n, h);
      }
    }
    return n;
  }

  private push(n: number, hash: number): number {
    if (n >= this.idBuf.length) {
      this.idBuf = grow(this.idBuf, n + 1);
      const shares = new Float32Array(this.idBuf.length);
      shares.set(this.shareBuf);
      this.shareBuf = shares;
    }
    this.idBuf[n] = (hash >>> 0) % this.settings.buckets;
    return n + 1;
  }
}

function grow(buf: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(atLeast, buf.length * 2));
  next.set(buf);
  return next;
}
