import type { CliCommand } from './command';
import { diagnoseCommand } from './commands/diagnose';
import { envCommand } from './commands/env';
import { envsCommand } from './commands/envs';
import { fixCommand } from './commands/fix';
import { inspectCommand } from './commands/inspect';
import { rollbackCommand } from './commands/rollback';

/** Every sub-command, in the order --help lists them. */
export const commands: readonly CliCommand[] = [envsCommand, envCommand, diagnoseCommand, fixCommand, rollbackCommand, inspectCommand];
