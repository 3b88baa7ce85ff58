/**
 * Gathers the host facts through one seam, app/envs' EnvHost (run a program, read a file): the
 * real machine in the app and the CLI, recorded outputs in tests, so every branch runs on Linux.
 *
 * Windows facts come from the environment's own interpreter (windows-probe.ts, ctypes); Linux CPU and
 * commit facts from /proc; macOS CPU facts from sysctl; the NVIDIA driver from nvidia-smi where it
 * exists. A fact that cannot be read is "absent" with the reason and how to read it by hand.
 */
import type { EnvHost, ExecResult } from '../envs';
import { cpuFromProcCpuinfo, cpuFromSysctl, cpuFromWindowsFeatures } from './cpu-info';
import { NVIDIA_QUERY, parseNvidiaSmi } from './nvidia-smi';
import type { HostFacts, X86Level } from './types';
import { hostFactsSchema } from './types';
import { WINDOWS_HOST_PROBE } from './windows-probe';
import { message, texts, type MessageRef } from '../messages';

const PROBE_TIMEOUT_MS = 30_000;
const TOOL_TIMEOUT_MS = 15_000;

type Absent = { status: 'absent'; why: string; howToCheck: string; messages: { why: MessageRef; howToCheck: MessageRef } };
/** An absent fact: why and how to check in English, with their messages so the page and the report write them in the reader's language. */
const absent = (why: MessageRef, howToCheck: MessageRef): Absent => ({ status: 'absent', ...texts({ why, howToCheck }) });
/** A known fact: where it was read in English, with its message so the page and the report write it in the reader's language. */
const known = <T>(value: T, source: MessageRef) => ({ status: 'known' as const, value, ...texts({ source }) });

const PLATFORM: Readonly<Record<string, HostFacts['platform']>> = { win32: 'windows', linux: 'linux', darwin: 'macos' };

/** Why a program gave no answer, in one line. */
function failure(result: ExecResult, what: string): MessageRef {
  if (result.spawnError === 'ENOENT') return message('host.absent.not-installed', { what });
  if (result.spawnError) return message('host.absent.not-started', { what, error: result.spawnError });
  if (result.timedOut) return message('host.absent.timed-out', { what });
  const code = result.code ?? result.signal ?? '?';
  const last = (result.stderr.trim().split('\n').at(-1) ?? '').trimEnd();
  return last === '' ? message('host.absent.exit-code', { what: what.trimStart(), code }) : message('host.absent.exit-code.said', { what: what.trimStart(), code, stderr: last });
}

interface WindowsProbe {
  readonly edition?: { productName?: string | null; editionId?: string | null; build?: string | number | null; ubr?: number | null; displayVersion?: string | null; error?: string };
  readonly mediaFoundation?: { name: string; path: string | null }[] | { error: string };
  readonly runtimes?: { name: string; path: string | null; version: string | null; how: 'already-loaded' | 'search' | 'not-found' }[] | { error: string };
  readonly cpu?: { flags: Record<string, boolean>; vendor: string | null; model: string | null } | { error: string };
  readonly memory?: { commitLimit: number; commitAvailable: number; physicalTotal: number } | { error: string };
}

/** The probe's JSON (its last line), or null when it did not run or printed something else. */
function parseProbe(result: ExecResult): WindowsProbe | null {
  if (result.code !== 0) return null;
  try {
    return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as WindowsProbe;
  } catch {
    return null;
  }
}

const isError = (v: unknown): v is { error: string } => typeof v === 'object' && v !== null && 'error' in v && typeof (v as { error: unknown }).error === 'string';

function windowsFacts(probe: WindowsProbe, python: string): Pick<HostFacts, 'windows' | 'mediaFoundation' | 'vcRuntime' | 'cpu' | 'memory'> {
  const source = (call: string) => message('host.source.probe', { python, call });
  const failed = (what: MessageRef, error: string): Absent => absent(message('host.absent.probe-failed', { what, python, error }), message('host.absent.probe-failed.how'));
  const e = probe.edition;
  const build = e && !isError(e) && e.build !== null && e.build !== undefined ? Number.parseInt(String(e.build), 10) : null;
  const editionId = e && !isError(e) ? (e.editionId ?? null) : null;
  return {
    windows: !e ? absent(message('host.absent.no-edition'), message('host.absent.no-edition.how')) : isError(e) ? failed(message('host.absent.what.edition'), e.error) : known({
      productName: e.productName ?? null,
      editionId,
      build: Number.isFinite(build) ? build : null,
      ubr: typeof e.ubr === 'number' ? e.ubr : null,
      displayVersion: e.displayVersion ?? null,
      // EditionIDs of the N and KN editions end in N ("ProfessionalN", "CoreN", "EnterpriseN", "CoreKN").
      nEdition: editionId !== null && /N$/.test(editionId) && !/^Server/i.test(editionId),
    }, source('HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion')),
    mediaFoundation: !probe.mediaFoundation ? absent(message('host.absent.no-media-foundation'), message('host.absent.no-media-foundation.how')) : isError(probe.mediaFoundation) ? failed(message('host.absent.what.media-foundation'), probe.mediaFoundation.error) : known({ present: probe.mediaFoundation.every((d) => d.path !== null), dlls: probe.mediaFoundation.map((d) => ({ name: d.name, path: d.path })) }, source('LoadLibraryExW(LOAD_LIBRARY_SEARCH_SYSTEM32)')),
    vcRuntime: !probe.runtimes ? absent(message('host.absent.no-runtime'), message('host.absent.no-runtime.how')) : isError(probe.runtimes) ? failed(message('host.absent.what.vc-runtime'), probe.runtimes.error) : known(probe.runtimes.map((r) => ({ name: r.name, path: r.path, version: r.version, how: r.how })), source('GetModuleHandleW / LoadLibraryExW(LOAD_LIBRARY_SEARCH_DEFAULT_DIRS), GetFileVersionInfoW')),
    cpu: !probe.cpu ? absent(message('host.absent.no-cpu'), message('host.absent.no-cpu.how')) : isError(probe.cpu) ? failed(message('host.absent.what.cpu'), probe.cpu.error) : known(cpuFromWindowsFeatures(probe.cpu.flags, probe.cpu.vendor, probe.cpu.model), source('IsProcessorFeaturePresent')),
    memory: !probe.memory ? absent(message('host.absent.no-memory'), message('host.absent.no-memory.how')) : isError(probe.memory) ? failed(message('host.absent.what.memory'), probe.memory.error) : known({ commitLimit: probe.memory.commitLimit, commitAvailable: probe.memory.commitAvailable, physicalTotal: probe.memory.physicalTotal }, source('GlobalMemoryStatusEx')),
  };
}

const LD_SO = '/lib64/ld-linux-x86-64.so.2';

/** The highest x86-64 level `ld.so --help` lists as "supported" (its glibc-hwcaps subdirectories). */
export function glibcLevelOf(help: string): X86Level | null {
  const supported = [...help.matchAll(/^\s*x86-64-v([234]) \(supported/gm)].map((m) => Number(m[1]));
  if (supported.length === 0) return null;
  return `x86-64-v${Math.max(...supported)}` as X86Level;
}

/** CommitLimit and Committed_AS from /proc/meminfo (kB). */
function memoryFromMeminfo(text: string): { commitLimit: number; commitAvailable: number; physicalTotal: number | null } | null {
  const kb = (name: string): number | null => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : null;
  };
  const limit = kb('CommitLimit');
  const committed = kb('Committed_AS');
  if (limit === null || committed === null) return null;
  return { commitLimit: limit, commitAvailable: limit - committed, physicalTotal: kb('MemTotal') };
}

async function nvidiaFact(host: EnvHost): Promise<HostFacts['nvidia']> {
  const exe = host.platform === 'win32' ? 'nvidia-smi.exe' : 'nvidia-smi';
  const how = message('host.absent.nvidia.how');
  const csv = await host.exec(exe, [...NVIDIA_QUERY], { timeoutMs: TOOL_TIMEOUT_MS });
  if (csv.code !== 0) return absent(failure(csv, 'nvidia-smi'), how);
  const header = await host.exec(exe, [], { timeoutMs: TOOL_TIMEOUT_MS });
  const facts = parseNvidiaSmi(csv.stdout, header.code === 0 ? header.stdout : '');
  return facts ? known(facts, message('host.source.command', { command: `nvidia-smi ${NVIDIA_QUERY.join(' ')}` })) : absent(message('host.absent.nvidia-unreadable'), how);
}

/**
 * The facts of the machine `host` is, read with `python` (the environment's interpreter) where a
 * process is needed. `python` null: facts that need an interpreter are absent.
 */
export async function gatherHostFacts(python: string | null, host: EnvHost, now: () => Date = () => new Date()): Promise<HostFacts> {
  const platform = PLATFORM[host.platform] ?? 'unknown';
  const notWindows = absent(message('host.absent.not-windows', { platform }), message('host.absent.not-applicable'));
  const conda = host.env.CONDA_DLL_SEARCH_MODIFICATION_ENABLE;
  const facts: HostFacts = {
    platform,
    python,
    readAt: now().toISOString(),
    windows: notWindows,
    mediaFoundation: notWindows,
    vcRuntime: notWindows,
    cpu: absent(message('host.absent.cpu-unread'), message('host.absent.cpu-unread.how')),
    memory: absent(message('host.absent.memory-unread'), message('host.absent.memory-unread.how')),
    nvidia: absent(message('host.absent.nvidia-unread'), message('host.absent.nvidia-unread.how')),
    condaDllSearchModification: platform === 'windows'
      ? known(conda ?? null, message('host.source.session-env'))
      : absent(message('host.absent.conda-windows-only'), message('host.absent.not-applicable')),
  };
  const [nvidia] = await Promise.all([
    nvidiaFact(host),
    (async () => {
      if (platform === 'windows') {
        if (python === null) return;
        const result = await host.exec(python, ['-I', '-c', WINDOWS_HOST_PROBE], { timeoutMs: PROBE_TIMEOUT_MS });
        const probe = parseProbe(result);
        if (probe === null) {
          const why = absent(message('host.absent.probe-did-not-run', { python, why: failure(result, python) }), message('host.absent.probe-did-not-run.how'));
          Object.assign(facts, { windows: why, mediaFoundation: why, vcRuntime: why, cpu: why, memory: why });
          return;
        }
        Object.assign(facts, windowsFacts(probe, python));
      } else if (platform === 'linux') {
        const cpuinfo = await host.readText('/proc/cpuinfo');
        const flagsCpu = cpuinfo === null ? null : cpuFromProcCpuinfo(cpuinfo);
        // glibc's own answer (ld.so --help, glibc 2.33+) decides what it loads: a hypervisor may hide a
        // flag from /proc/cpuinfo (LZCNT as "abm") that CPUID, and so ld.so, reports.
        const ldso = await host.exec(LD_SO, ['--help'], { timeoutMs: TOOL_TIMEOUT_MS });
        const glibcLevel = ldso.code === 0 ? glibcLevelOf(ldso.stdout) : null;
        const cpu = flagsCpu && glibcLevel ? { ...flagsCpu, level: glibcLevel, levelUnknownFeatures: [] } : flagsCpu;
        if (cpu) facts.cpu = known(cpu, glibcLevel ? message('host.source.cpuinfo-ldso', { ldso: LD_SO }) : message('host.source.cpuinfo'));
        else facts.cpu = absent(message(cpuinfo === null ? 'host.absent.cpuinfo-unreadable' : 'host.absent.cpuinfo-no-flags'), message('host.absent.cpuinfo.how'));
        const meminfo = await host.readText('/proc/meminfo');
        const memory = meminfo === null ? null : memoryFromMeminfo(meminfo);
        if (memory) facts.memory = known(memory, message('host.source.meminfo'));
      } else if (platform === 'macos') {
        const names = ['machdep.cpu.vendor', 'machdep.cpu.brand_string', 'machdep.cpu.features', 'machdep.cpu.leaf7_features'];
        const results = await Promise.all(names.map((n) => host.exec('sysctl', ['-n', n], { timeoutMs: TOOL_TIMEOUT_MS })));
        const text = results.map((r) => (r.code === 0 ? r.stdout.trim() : ''));
        const cpu = cpuFromSysctl(text[0] ?? '', text[1] ?? '', text[2] ?? '', text[3] ?? '');
        facts.cpu = cpu
          ? known(cpu, message('host.source.command', { command: `sysctl -n ${names.join(' ')}` }))
          : absent(message('host.absent.sysctl-no-x86'), message('host.absent.sysctl.how'));
      }
    })(),
  ]);
  facts.nvidia = nvidia;
  return hostFactsSchema.parse(facts);
}

/**
 * Host facts for an environment read from its files on another system (a copied Windows folder):
 * every fact belongs to the machine it runs on, so none is known here. How to read them names that
 * machine's interpreter, never `python`, the path of the copy on this one (issue 26, finding 5).
 */
export function elsewhereHostFacts(python: string, platform: HostFacts['platform'], now: () => Date = () => new Date()): HostFacts {
  const there = message(platform === 'windows' ? 'word.that-python-exe' : 'word.that-python');
  const why = absent(message('host.absent.elsewhere'), message('host.absent.elsewhere.how', { python: there }));
  return { platform, python, readAt: now().toISOString(), windows: why, mediaFoundation: why, vcRuntime: why, cpu: why, memory: why, nvidia: why, condaDllSearchModification: why };
}
