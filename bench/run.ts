/**
 * `npm run bench [suite...]`: runs benchmark suites in this process and prints figures.
 * Each suite is `bench/<name>.ts` exporting `run(): Promise<void>`; figures are medians over repeats.
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
] as const;

const wanted = process.argv.slice(2);
const suites = wanted.length > 0 ? wanted : [...SUITES];
for (const name of suites) {
  if (!(SUITES as readonly string[]).includes(name)) {
    console.error(`unknown bench suite "${name}" (known: ${SUITES.join(', ')})`);
    process.exit(2);
  }
  console.log(`\n=== bench:${name} ===`);
  const mod = (await import(`./${name}.js`).catch((err: unknown) => {
    console.log(`(suite ${name} not available: ${(err as Error).message.split('\n')[0]})`);
    return undefined;
  })) as { run(): Promise<void> } | undefined;
  await mod?.run();
}
