#!/usr/bin/env node
/**
 * `expertnet`: the toolbox CLI (training, evaluation, Yuma simulation, wallets).
 * Daemons have their own bins: `expertnet-chain`, `expertnet-miner`, `expertnet-validator`.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands.js';

await yargs(hideBin(process.argv))
  .scriptName('expertnet')
  .command(commands)
  .demandCommand(1, 'Name a command (see --help).')
  .strict()
  .help()
  .parseAsync();
