#!/usr/bin/env node
/**
 * The one-shot `setup` service of docker-compose.yml: on the compose dev chain, the devnet's subnet set-up
 * (devnet/subnet.ts: Alice creates the subnet with a short tempo, funds every coldkey, validators and
 * miners burned-register, validators stake) for a small roster, and the roster's dev wallets written where
 * the daemons read them. A restarted set-up finds the subnet there and only rewrites the wallets.
 *
 *   node dist/scripts/compose-setup.js --chain ws://chain:9944 --wallet.path /wallets \
 *     --validators 1 --miners legal-strong,medical-strong,finance-strong,finance-weak
 */
import { cryptoWaitReady } from '@polkadot/util-crypto';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { buildRoster } from '../devnet/roster.js';
import { connectApi, setupSubnet, waitForRpc } from '../devnet/subnet.js';
import { writeRosterWallets } from '../devnet/wallets.js';
import { errorMessage } from '../shared/errors.js';

const argv = await yargs(hideBin(process.argv))
  .scriptName('compose-setup')
  .option('chain', { type: 'string', default: 'ws://chain:9944', describe: 'Chain endpoint' })
  // Parent of the dotted option, declared so strict mode accepts it (yargs nests `wallet.path`).
  .option('wallet', { hidden: true })
  .option('wallet.path', { type: 'string', default: '/wallets', describe: 'Where to write the wallets' })
  .option('validators', { type: 'number', default: 1, describe: 'Validators (wallets validator-1..N)' })
  .option('miners', {
    type: 'string',
    default: 'legal-strong,medical-strong,finance-strong,finance-weak',
    describe: 'Miners as domain-tier (wallets <domain>-<tier>-1)',
  })
  .option('netuid', { type: 'number', default: 1, describe: 'The netuid the daemons are told to use' })
  .option('tempo', { type: 'number', default: 10, describe: 'Subnet tempo' })
  .option('stake', { type: 'number', default: 1000, describe: 'TAO each validator stakes' })
  .option('timeout', { type: 'number', default: 120, describe: 'Seconds to wait for the chain' })
  .strict()
  .help()
  .parseAsync();

try {
  await cryptoWaitReady();
  const wanted = new Set(argv.miners.split(',').map((m) => `${m.trim()}-1`));
  const roster = buildRoster({ validators: argv.validators, minersPerTier: 1 }).filter(
    (n) => n.role !== 'miner' || wanted.delete(n.name),
  );
  if (wanted.size > 0) throw new Error(`unknown miners: ${[...wanted].join(', ')} (use domain-tier names)`);
  const walletPath = String((argv.wallet as { path?: string } | undefined)?.path ?? '/wallets');
  await writeRosterWallets(roster, walletPath);
  await waitForRpc(argv.chain, argv.timeout * 1000);
  const api = await connectApi(argv.chain);
  try {
    const exists = (await api.query.subtensorModule.networksAdded(argv.netuid)).isTrue;
    if (exists) {
      process.stdout.write(`${JSON.stringify({ netuid: argv.netuid, existing: true })}\n`);
    } else {
      const setup = await setupSubnet(api, roster, {
        tempo: argv.tempo,
        commitReveal: false,
        validatorStakeTao: argv.stake,
      });
      if (setup.netuid !== argv.netuid)
        throw new Error(`the chain gave netuid ${setup.netuid}, the daemons are told ${argv.netuid}`);
      process.stdout.write(
        `${JSON.stringify({ netuid: setup.netuid, uids: Object.fromEntries(setup.uids) })}\n`,
      );
    }
  } finally {
    await api.disconnect();
  }
} catch (err) {
  process.stderr.write(`compose-setup: ${errorMessage(err)}\n`);
  process.exit(1);
}
process.exit(0);
