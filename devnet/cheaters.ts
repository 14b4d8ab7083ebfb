/**
 * `--cheaters N` (issue 14): miners that claim a strong model and don't serve it. Each gets its own copy
 * of the strong bundle (same ONNX, a `model.json` that names the copy, so a new digest: an exact copy would
 * only be a DUPLICATE_MODEL) and commits it; a `substitute` then runs the weak model, a `perturb` runs the
 * copy but adds noise to its answers. The validators' spot checks must catch both (REEXECUTION_MISMATCH)
 * and write evidence; the summary shows what they earned and the evidence ids.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleFileNames } from '../shared/models/bundle.js';
import { MANIFEST_FILE, readManifest } from '../shared/models/manifest.js';
import { CHEAT_PERTURBATION, type NeuronPlan } from './roster.js';

/** Writes the cheater's copy of the bundle it commits under `dir`; returns the copy's directory. */
export async function prepareCheatBundle(plan: NeuronPlan, modelsDir: string, dir: string): Promise<string> {
  if (!plan.cheat) throw new Error(`${plan.name} is not a cheater`);
  const source = join(modelsDir, plan.cheat.commitModelName);
  const out = join(dir, plan.name);
  await mkdir(out, { recursive: true });
  const manifest = await readManifest(source);
  for (const file of bundleFileNames(manifest)) {
    if (file !== MANIFEST_FILE) await copyFile(join(source, file), join(out, file));
  }
  const copy = { ...manifest, training: { ...(manifest.training ?? {}), copiedBy: plan.name } };
  await writeFile(join(out, MANIFEST_FILE), `${JSON.stringify(copy, null, 2)}\n`);
  return out;
}

/** The miner flags of a cheater: what it runs, and how it cheats. */
export function cheaterArgs(plan: NeuronPlan, modelsDir: string, copyDir: string): string[] {
  if (plan.cheat?.kind === 'substitute') {
    return ['--model', join(modelsDir, plan.modelName ?? ''), '--dev.commit_model', copyDir];
  }
  return ['--model', copyDir, '--dev.perturb', String(CHEAT_PERTURBATION)];
}

/**
 * Evidence ids by miner uid from validators' evidence folders (`<state>/evidence/<id>.json`), each id
 * once, sorted. Unreadable or foreign files are skipped.
 */
export async function evidenceByUid(dirs: readonly string[]): Promise<Map<number, string[]>> {
  const out = new Map<number, Set<string>>();
  for (const dir of dirs) {
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      const record = await readFile(join(dir, file), 'utf8')
        .then((text) => JSON.parse(text) as unknown)
        .catch(() => undefined);
      const found = evidenceRef(record);
      if (!found) continue;
      const ids = out.get(found.uid) ?? new Set<string>();
      ids.add(found.id);
      out.set(found.uid, ids);
    }
  }
  return new Map([...out].map(([uid, ids]) => [uid, [...ids].sort()]));
}

function evidenceRef(record: unknown): { id: string; uid: number } | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as Record<string, unknown>;
  const miner = typeof r.miner === 'object' && r.miner !== null ? (r.miner as Record<string, unknown>) : {};
  const uid = miner.uid ?? r.minerUid;
  if (typeof r.id !== 'string' || typeof uid !== 'number' || !Number.isInteger(uid)) return undefined;
  return { id: r.id, uid };
}
