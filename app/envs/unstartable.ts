/**
 * An interpreter that does not start is examined from its files, and the reason is kept.
 *
 * A python.exe that crashes, lacks its python3X.dll, or prints something other than the probe's
 * answer is one of the failures users bring: the doctor must describe the environment anyway (its
 * packages and extension modules are still on disk) and say why nothing answered, instead of
 * stopping at "did not answer like a Python 3.6+ interpreter".
 */
import { readModuleFromBytes } from '../binary';
import type { EnvHost } from './host';
import { describeOffline, windowsPrefixOfInterpreter } from './offline';
import { pathsFor } from './paths';
import type { DiscoverySource, EnvironmentDescription, EnvironmentStatus } from './types';

/** Failures after which the files are still worth reading (not: a missing file, a Store stub, Python 2). */
const EXAMINABLE: ReadonlySet<EnvironmentStatus> = new Set(['crashed', 'bad-output', 'timeout']);

/** Windows process exit codes that are NTSTATUS values of a failed start, in words. https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55 */
const START_STATUS: Readonly<Record<number, string>> = {
  0xc0000135: 'STATUS_DLL_NOT_FOUND: a DLL it imports was not found',
  0xc0000139: 'STATUS_ENTRYPOINT_NOT_FOUND: a DLL it imports lacks a function it needs',
  0xc000007b: 'STATUS_INVALID_IMAGE_FORMAT: it or a DLL it imports is not a valid program for this machine',
  0xc0000142: 'STATUS_DLL_INIT_FAILED: a DLL it imports failed to initialise',
  0xc0000005: 'STATUS_ACCESS_VIOLATION: it crashed',
  0xc0000409: 'STATUS_STACK_BUFFER_OVERRUN: it stopped itself (fail-fast)',
};

/** The NTSTATUS meaning of a Windows exit code, or null. */
export function windowsStartStatus(code: number | null): string | null {
  return code === null ? null : (START_STATUS[code >>> 0] ?? null);
}

/** The interpreter's own DLLs (pythonXY.dll and its runtime) that its PE imports name and its folder lacks. */
async function missingInterpreterDlls(host: EnvHost, interpreter: string): Promise<string[]> {
  const p = pathsFor(host.platform);
  const bytes = await host.readBytes(interpreter, 16 * 1024 * 1024);
  if (!bytes || bytes[0] !== 0x4d || bytes[1] !== 0x5a) return [];
  let imports: string[];
  try {
    const module = await readModuleFromBytes(interpreter, bytes);
    imports = module.format === 'pe' ? module.imports.map((i) => i.dll) : [];
  } catch {
    return [];
  }
  const present = new Set((await host.listDir(p.dirname(interpreter))).map((e) => e.toLowerCase()));
  return imports.filter((dll) => /^(python\d+|vcruntime140(_\d+)?|msvcp140)\.dll$/i.test(dll) && !present.has(dll.toLowerCase()));
}

/**
 * The offline description of an interpreter's environment after the interpreter failed to answer,
 * with the failure in its message and evidence; null when its files do not tell a Python either.
 */
export async function describeUnstartable(
  host: EnvHost,
  interpreter: string,
  failure: { readonly status: EnvironmentStatus; readonly message: string | null },
  sources: DiscoverySource[],
  runs: number,
): Promise<EnvironmentDescription | null> {
  if (!EXAMINABLE.has(failure.status)) return null;
  const p = pathsFor(host.platform);
  const windowsLayout = /\.exe$/i.test(interpreter);
  const dir = p.dirname(interpreter);
  const prefix = windowsLayout ? windowsPrefixOfInterpreter(interpreter, host.platform) : /^(bin|scripts)$/i.test(p.basename(dir)) ? p.dirname(dir) : dir;
  const missing = windowsLayout ? await missingInterpreterDlls(host, interpreter) : [];
  // probe-output.ts words a Windows crash as "exception code 0xC0000135".
  const code = /exception code 0x([0-9a-f]{8})/i.exec(failure.message ?? '')?.[1];
  const ntstatus = code ? windowsStartStatus(Number.parseInt(code, 16)) : null;
  const reasons = [
    failure.message ?? `${interpreter} did not answer.`,
    ...(/\(EFTYPE\)/.test(failure.message ?? '') ? ['Windows does not take it for a program it can start (not a valid executable image).'] : []),
    ...(ntstatus ? [`0x${code?.toUpperCase()} is ${ntstatus}.`] : []),
    ...(missing.length > 0 ? [`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing beside ${p.basename(interpreter)}: reinstall this Python or copy ${missing.length === 1 ? 'it' : 'them'} back.`] : []),
  ];
  const offline = await describeOffline(prefix, { host, sources });
  if (offline.python === null) return null;
  return {
    ...offline,
    interpreter,
    interpreterRuns: runs,
    message: `${reasons.join(' ')} Examined from its files instead; no import can be tested until it starts.`,
    evidence: [`not started: ${reasons.join(' ')}`, ...offline.evidence],
  };
}
