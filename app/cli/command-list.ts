import type { CliCommand } from './command';
import { diagnoseCommand } from './commands/diagnose';
import { inspectCommand } from './commands/inspect';
import { interpretersCommand } from './commands/interpreters';

/** Every sub-command, in the order --help lists them. */
export const commands: readonly CliCommand[] = [interpretersCommand, diagnoseCommand, inspectCommand];
