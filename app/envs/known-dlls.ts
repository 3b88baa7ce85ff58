/**
 * This Windows' KnownDLLs, read from its registry.
 *
 * The loader maps a DLL listed under `HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\KnownDLLs`
 * from the \KnownDlls section Windows made at boot, whatever the search path holds
 * (https://learn.microsoft.com/en-us/windows/win32/dlls/dynamic-link-library-search-order, "Factors
 * that affect searching"). The list differs between Windows versions, editions and policies, so on
 * Windows itself the live loader takes this machine's list rather than the built-in default.
 * Each value names one DLL (`kernel32  REG_SZ  kernel32.dll`); `DllDirectory` and `DllDirectory32`
 * (REG_EXPAND_SZ) name the folders the section is made from, not DLLs.
 */
import { runProcess } from '../process/run-process';

export const KNOWN_DLLS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs';

/** The DLL names in `reg query <KNOWN_DLLS_KEY>` output, lower-cased and sorted; null when it lists none. */
export function parseKnownDllsQuery(text: string): string[] | null {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    // "    name    REG_SZ    data": reg.exe separates the columns by four spaces; names have no type word in them.
    const m = /^\s+(\S.*?)\s{2,}REG_SZ\s{2,}(.+?)\s*$/.exec(line);
    if (!m) continue;
    const data = (m[2] ?? '').trim().toLowerCase();
    // A DLL file name only: no folder, no variable (a tampered value must not make a path a "known" name).
    if (/^[^\\/:%*?"<>|]+\.dll$/.test(data)) names.add(data);
  }
  return names.size > 0 ? [...names].sort() : null;
}

/** How reg.exe is run: the one runner, injectable for tests. */
export type RegQuery = (argv: readonly string[]) => Promise<{ readonly code: number | null; readonly stdout: string }>;

const runReg: RegQuery = (argv) => runProcess(argv, { output: 'console', timeoutMs: 15_000 });

let cached: Promise<string[] | null> | null = null;

/**
 * The KnownDLLs of the Windows this runs on (the 64-bit view of the key, where Windows keeps it), or
 * null when reg.exe cannot say (not Windows, blocked, no such key): callers keep the built-in list.
 * Read once per process; the list changes only with a reboot.
 */
export function readKnownDlls(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, run: RegQuery = runReg): Promise<string[] | null> {
  if (platform !== 'win32') return Promise.resolve(null);
  if (run !== runReg) return query(env, run);
  cached ??= query(env, run);
  return cached;
}

async function query(env: NodeJS.ProcessEnv, run: RegQuery): Promise<string[] | null> {
  const systemRoot = Object.entries(env).find(([k]) => k.toLowerCase() === 'systemroot')?.[1] ?? 'C:\\Windows';
  const r = await run([`${systemRoot}\\System32\\reg.exe`, 'query', KNOWN_DLLS_KEY, '/reg:64']);
  return r.code === 0 ? parseKnownDllsQuery(r.stdout) : null;
}
