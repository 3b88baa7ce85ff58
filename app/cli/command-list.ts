import type { CliCommand } from './command';
import { diagnoseCommand } from './commands/diagnose';
import { interpretersCommand } from './commands/interpreters';

/** Every sub-command, in the order --help lists them. */
export const commands: readonly CliCommand[] = [interpretersCommand, diagnoseCommand];
