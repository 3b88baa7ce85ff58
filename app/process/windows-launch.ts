/**
 * How an argument array becomes a Windows process without a shell's surprises.
 *
 * An .exe gets its arguments quoted by Node (libuv follows the MSVCRT rules CPython's argv parser
 * reads). A .bat or .cmd file cannot run without cmd.exe, and since CVE-2024-27980 Node refuses to
 * start one without `shell: true` (https://nodejs.org/en/blog/vulnerability/april-2024-security-releases-2),
 * which would hand the whole line to cmd.exe unescaped. Here cmd.exe gets one fixed line: AutoRun
 * off (/d), delayed expansion off (/v:off), the quotes kept as written (/s), and every argument in
 * double quotes, where `& | < > ^ ( )` are literal. What quotes cannot make literal — `%` (variable
 * expansion), `"`, and line breaks — is refused: such an argument is never run.
 * https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/cmd
 */

/** What to spawn: a program and arguments, with `verbatim` when the line is already quoted for cmd.exe. */
export type WindowsLaunch = { readonly file: string; readonly args: readonly string[]; readonly verbatim: boolean } | { readonly refused: string };

/** Characters cmd.exe interprets even inside double quotes, or that end the command line. */
const UNSAFE_IN_BATCH = /["%\r\n\0]/;

/** The launch of `file args` on Windows: direct for programs, through a fixed cmd.exe line for batch files. */
export function windowsLaunch(file: string, args: readonly string[], env: NodeJS.ProcessEnv): WindowsLaunch {
  if (!/\.(bat|cmd)$/i.test(file)) return { file, args, verbatim: false };
  for (const value of [file, ...args]) {
    if (UNSAFE_IN_BATCH.test(value)) {
      return { refused: `Not run: ${JSON.stringify(value)} contains a character (" % or a line break) that cmd.exe would interpret in a batch file's arguments.` };
    }
  }
  const systemRoot = Object.entries(env).find(([k]) => k.toLowerCase() === 'systemroot')?.[1] ?? 'C:\\Windows';
  const line = [file, ...args].map((v) => `"${v}"`).join(' ');
  return { file: `${systemRoot}\\System32\\cmd.exe`, args: ['/d', '/v:off', '/s', '/c', `"${line}"`], verbatim: true };
}
