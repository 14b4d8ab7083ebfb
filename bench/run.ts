/**
 * `npm run bench [suite...] [--flag value...]`: runs benchmark suites in this process and prints figures.
 * Each suite is `bench/<name>.ts` exporting `run(args): Promise<void>`; figures are medians over repeats.
 * Flags after the suite names go to the suites (`npm run bench:soak -- --minutes 30`). `soak` runs only
 * when named: it takes as long as it is asked to.
 */
const SUITES = [
  'chain',
  'runtime',
  'trie',
  'models',
  'yuma',
  'protocol',
  'miner',
  'domains',
  'subnet',
  'economics',
  'validator',
  'chain-client',
  'gateway',
  'timelock',
] as const;
/** Suites that run only when named. */
const ON_REQUEST = ['soak', 'reexecution'] as const;
const KNOWN: readonly string[] = [...SUITES, ...ON_REQUEST];

const argv = process.argv.slice(2);
const firstFlag = argv.findIndex((a) => a.startsWith('-'));
const wanted = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
const flags = firstFlag === -1 ? [] : argv.slice(firstFlag);
const suites = wanted.length > 0 ? wanted : [...SUITES];
for (const name of suites) {
  if (!KNOWN.includes(name)) {
    console.error(`unknown bench suite "${name}" (known: ${KNOWN.join(', ')})`);
    process.exit(2);
  }
  console.log(`\n=== bench:${name} ===`);
  const mod = (await import(`./${name}.js`).catch((err: unknown) => {
    console.log(`(suite ${name} not available: ${(err as Error).message.split('\n')[0]})`);
    return undefined;
  })) as { run(args: readonly string[]): Promise<void> } | undefined;
  await mod?.run(flags);
}
