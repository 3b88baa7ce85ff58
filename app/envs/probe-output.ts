/**
 * Turns what the probe script printed, and how its process ended, into a status and facts.
 *
 * Kept apart from running the process so every ending (crash, hang, Store stub, Python 2, garbage) is
 * tested with recorded outputs as well as with real fake interpreters.
 */
import type { ExecResult } from './host';
import { loadedImagesFrom } from './loaded-images';
import { abiTagFrom, linuxPlatformTags, windowsPlatformTag } from './tags';
import type { EnvironmentStatus, ImportTestResult, PythonFacts } from './types';
import { english, type MessageRef } from '../messages';
import { message as say } from '../messages';

export const probeMark = '@@PDD@@';

/** The first JSON line of the probe (see app/envs/probe.py describe()). */
export interface RawProbe {
  readonly probe: number;
  readonly unsupported?: boolean;
  readonly executable: string;
  readonly versionInfo: number[];
  readonly version: string;
  readonly implementation?: string;
  readonly bits?: number;
  readonly machine?: string;
  readonly platform?: string;
  readonly sysconfigPlatform?: string;
  readonly soabi?: string | null;
  readonly extSuffix?: string | null;
  readonly prefix?: string;
  readonly basePrefix?: string;
  readonly sysPath?: string[];
  readonly sitePackages?: string[];
  readonly userSite?: string | null;
  readonly userSiteEnabled?: boolean;
  readonly purelib?: string | null;
  readonly platlib?: string | null;
  readonly libc?: { lib: string | null; version: string | null };
  readonly macVersion?: string | null;
  readonly gilDisabled?: boolean;
  readonly markers?: Record<string, string>;
  readonly extensionSuffixes?: string[];
}

interface RawImport {
  readonly module: string;
  readonly ok: boolean;
  readonly file?: string | null;
  readonly error?: Record<string, unknown>;
  readonly loadedModules?: (string | null)[] | null;
}

export interface ProbeOutcome {
  readonly status: EnvironmentStatus;
  readonly message: string | null;
  /** The message behind `message`, for the wizard's language. */
  readonly messages?: { readonly message: MessageRef };
  readonly raw: RawProbe | null;
  readonly importTest: ImportTestResult | null;
}

/** Exit code of the Windows App Installer stub ("Python was not found; run without arguments to install from the Microsoft Store"). */
const storeStubExitCode = 9009;

function endedHow(result: ExecResult): string | null {
  if (result.signal) return `signal ${result.signal}`;
  if (result.code !== null && (result.code < 0 || result.code >= 0xc0000000)) {
    return `exception code 0x${(result.code >>> 0).toString(16).toUpperCase()}`;
  }
  return null;
}

function parseLines(stdout: string): unknown[] {
  const out: unknown[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const at = line.indexOf(probeMark);
    if (at < 0) continue;
    try {
      out.push(JSON.parse(line.slice(at + probeMark.length)));
    } catch {
      // a truncated line (the process died while writing) is ignored
    }
  }
  return out;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function importResult(module: string, raw: RawImport | null, result: ExecResult, crash: string | null): ImportTestResult {
  if (!raw) {
    return {
      module,
      outcome: result.timedOut ? 'timeout' : 'crashed',
      file: null,
      error: null,
      loadedModules: null,
      crash: result.timedOut ? null : crash ?? `exit code ${result.code}`,
    };
  }
  const e = raw.error;
  return {
    module,
    outcome: raw.ok ? 'ok' : 'failed',
    file: str(raw.file),
    error: e
      ? {
          type: str(e.type) ?? 'Exception',
          qualifiedType: str(e.qualifiedType) ?? str(e.type) ?? 'Exception',
          message: str(e.message) ?? '',
          traceback: str(e.traceback) ?? '',
          winerror: num(e.winerror),
          errno: num(e.errno),
          name: str(e.name),
          path: str(e.path),
        }
      : null,
    loadedModules: loadedImagesFrom(raw.loadedModules),
    crash: null,
  };
}

/** `message` in English with the message behind it. */
function said(ref: MessageRef): { message: string; messages: { message: MessageRef } } {
  return { message: english(ref), messages: { message: ref } };
}

/** Classifies one probe run. `interpreter` is only used in messages. */
export function interpretProbe(interpreter: string, result: ExecResult, importModule: string | null, timeoutMs: number): ProbeOutcome {
  if (result.spawnError === 'ENOENT') {
    return { status: 'not-found', ...said(say('env.probe.not-found', { interpreter })), raw: null, importTest: null };
  }
  if (result.spawnError === 'EACCES' || result.spawnError === 'EPERM') {
    return {
      status: 'permission-denied',
      ...said(say('env.probe.permission-denied', { interpreter })),
      raw: null,
      importTest: null,
    };
  }
  const lines = parseLines(result.stdout);
  const raw = (lines.find((l) => l && typeof l === 'object' && 'probe' in l) as RawProbe | undefined) ?? null;
  const rawImport = (lines.find((l) => l && typeof l === 'object' && 'importTest' in l) as { importTest: RawImport } | undefined)?.importTest ?? null;
  const crash = endedHow(result);
  if (!raw) {
    const text = `${result.stdout}\n${result.stderr}`;
    if (result.code === storeStubExitCode || /Microsoft Store|App execution aliases|Manage App Execution Aliases/i.test(text)) {
      return {
        status: 'store-stub',
        ...said(say('env.probe.store-stub', { interpreter })),
        raw: null,
        importTest: null,
      };
    }
    if (result.spawnError) {
      return { status: 'bad-output', ...said(say('env.probe.not-started', { interpreter, error: result.spawnError })), raw: null, importTest: null };
    }
    if (result.timedOut) {
      return {
        status: 'timeout',
        ...said(say('env.probe.timeout', { interpreter, seconds: Math.round(timeoutMs / 1000) })),
        raw: null,
        importTest: null,
      };
    }
    if (crash) {
      return {
        status: 'crashed',
        ...said(say('env.probe.crashed', { interpreter, crash })),
        raw: null,
        importTest: null,
      };
    }
    // The probe parses on 2.7+, so a SyntaxError inside it (File "<string>") means an interpreter older than that.
    if (/File "<string>", line \d+[\s\S]*SyntaxError/.test(result.stderr) || /^Python 2\./m.test(text)) {
      return { status: 'python2', ...said(say('env.probe.python2', { interpreter })), raw: null, importTest: null };
    }
    const excerpt = result.stderr.trim().split(/\r?\n/).slice(-3).join(' | ').slice(0, 400);
    return {
      status: 'bad-output',
      ...said(say(excerpt ? 'env.probe.bad-output.excerpt' : 'env.probe.bad-output', { interpreter, code: String(result.code), excerpt })),
      raw: null,
      importTest: null,
    };
  }
  if (raw.unsupported) {
    const major = raw.versionInfo[0];
    return major === 2
      ? { status: 'python2', ...said(say('env.probe.python2.version', { interpreter, version: raw.version })), raw, importTest: null }
      : { status: 'unsupported-version', ...said(say('env.probe.unsupported-version', { interpreter, version: raw.version })), raw, importTest: null };
  }
  const importTest = importModule ? importResult(importModule, rawImport, result, crash) : null;
  return { status: 'ok', message: null, raw, importTest };
}

/** Normalised architecture from platform.machine() and pointer size. */
export function normalizeArchitecture(machine: string, bits: number): string {
  const m = machine.toLowerCase();
  if (m === 'amd64' || m === 'x86_64' || m === 'x64' || m === 'i386' || m === 'i686' || m === 'x86') return bits === 64 ? 'x86_64' : 'x86';
  if (m === 'arm64' || m === 'aarch64') return bits === 64 ? m : 'arm';
  return m || 'unknown';
}

/** Python facts from a successful probe. */
export function factsFromProbe(raw: RawProbe): PythonFacts {
  const [major = 0, minor = 0, micro = 0] = raw.versionInfo;
  const implementation = raw.implementation ?? 'cpython';
  const bits = raw.bits === 32 ? 32 : 64;
  const architecture = normalizeArchitecture(raw.machine ?? '', bits);
  const platform = raw.platform ?? '';
  const sysPlat = raw.sysconfigPlatform ?? '';
  let platformTags: string[];
  let glibcVersion: string | null = null;
  if (platform === 'win32') platformTags = [windowsPlatformTag(sysPlat || (bits === 64 ? 'win-amd64' : 'win32'))];
  else if (platform.startsWith('linux')) {
    glibcVersion = raw.libc?.lib === 'glibc' ? raw.libc.version : null;
    const arch = sysPlat.replace(/^linux-/, '') || architecture;
    platformTags = linuxPlatformTags(arch, glibcVersion);
  } else if (platform === 'darwin') {
    const [maj = '10', min = '0'] = (raw.macVersion ?? '').split('.');
    const ver = Number(maj) >= 11 ? `${maj}_0` : `${maj}_${min}`;
    platformTags = [`macosx_${ver}_${architecture === 'x86_64' ? 'x86_64' : 'arm64'}`];
  } else platformTags = [sysPlat.replace(/[-.]/g, '_')];
  return {
    version: raw.version,
    versionInfo: [major, minor, micro],
    implementation,
    architecture,
    bits,
    platform,
    sysconfigPlatform: sysPlat,
    abiTag: abiTagFrom(raw.soabi ?? null, implementation, major, minor, Boolean(raw.gilDisabled)),
    extensionSuffixes: raw.extensionSuffixes ?? [],
    platformTags,
    glibcVersion,
    markers: raw.markers ?? {},
  };
}
