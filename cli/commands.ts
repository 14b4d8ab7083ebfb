/** Every `expertnet` subcommand; each lives next to the code it drives. */
import type { CommandModule } from 'yargs';
import { yumaCommand } from '../chain/yuma/cmd.js';
import { devnetCommand } from '../devnet/cli.js';
import { evalCommand, trainCommand } from '../shared/models/cli.js';
import { walletCommand } from '../shared/wallet/cli.js';
import { gatewayKeysCommand } from '../validator/gateway/keys-cli.js';
import { auditCommand } from './audit.js';
import { metagraphCommand } from './metagraph.js';

// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their argument types.
export const commands: CommandModule<any, any>[] = [
  walletCommand,
  yumaCommand,
  trainCommand,
  evalCommand,
  devnetCommand,
  metagraphCommand,
  gatewayKeysCommand,
  auditCommand,
];
