import { parseArgs } from 'node:util';
import { appVersion } from '../version';
import type { CliCommand, CliIo } from './command';
import { commands as allCommands } from './command-list';
import { ExitCode, exitCodeHelp } from './exit-codes';

const EXIT_CODE_HELP = `Exit codes:\n${Object.entries(exitCodeHelp).map(([code, text]) => `  ${code}  ${text}`).join('\n')}`;

function mainHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Python DLL Doctor ${appVersion}: finds out why a compiled Python package will not load, and fixes it.

Usage: python-dll-doctor <command> [options]

Commands:
${list}

Run python-dll-doctor <command> --help for a command's options. Add --json for output that scripts read.

${EXIT_CODE_HELP}
`;
}

/** Runs the CLI with the given arguments and returns the exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = allCommands): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp(commands));
    return name ? ExitCode.ok : ExitCode.usage;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${appVersion}\n`);
    return ExitCode.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`Unknown command "${name}". Run python-dll-doctor --help to see the commands.\n`);
    return ExitCode.usage;
  }
  const usage = /^Usage:/.test(command.usage) ? command.usage : `Usage: ${command.usage}`;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.summary}\n\n${usage}\n`);
    return ExitCode.ok;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${usage}\n`);
    return ExitCode.usage;
  }
  try {
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (error) {
    const advice = (error as { whatToDo?: string }).whatToDo;
    io.stderr(`${(error as Error).message}\n${advice ? `${advice}\n` : ''}`);
    return ExitCode.error;
  }
}
