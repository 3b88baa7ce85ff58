/**
 * Describes an environment folder from its files alone, for environments that cannot be run here.
 *
 * The typical case is a Windows environment copied to another machine (python.exe, python36.dll,
 * Lib/site-packages, conda-meta, Library/bin). Each fact records where it came from in `evidence`.
 * Version: pyvenv.cfg, conda-meta python record, pythonXY.dll name, lib/pythonX.Y folder. Architecture:
 * the PE header's Machine field (https://learn.microsoft.com/en-us/windows/win32/debug/pe-format#machine-types)
 * or the ELF header's e_machine; a macOS folder by its Mach-O headers and wheel tags (macos-offline.ts).
 * The full PE reader lives in app/binary/ (branch `binary`); this reads only the few header bytes it needs.
 */
import { findDllDirectories, readCondaRecords, readDistributions } from './distributions';
import { applyEmbeddedLayout, recognizeEmbeddedLayout } from './embedded-layouts';
import { nodeHost, type EnvHost } from './host';
import { darwinOfflineFacts, machoSlices } from './macos-layout';
import { readMacLayout } from './macos-offline';
import { pathKey, pathsFor } from './paths';
import { cpythonAbiTag, linuxPlatformTags } from './tags';
import type { DiscoverySource, DllVersion, EnvironmentDescription, PythonFacts } from './types';
import { cpythonVersionFromFileVersion, formatFileVersion, versionResourceOf } from './version-resource';
import { message, texts } from '../messages';

/** Read limit for a DLL whose version resource is wanted (python3X.dll is a few MB). */
const MAX_DLL_BYTES = 64 * 1024 * 1024;

/** Finds the interpreter this machine can run inside an environment folder, or null. */
export async function findInterpreterIn(host: EnvHost, folder: string): Promise<string | null> {
  const p = pathsFor(host.platform);
  const candidates =
    host.platform === 'win32'
      ? [p.join(folder, 'python.exe'), p.join(folder, 'Scripts', 'python.exe')]
      : [p.join(folder, 'bin', 'python3'), p.join(folder, 'bin', 'python')];
  for (const c of candidates) {
    if (host.platform === 'win32') {
      if ((await host.kind(c)) === 'file') return c;
      continue;
    }
    // A Windows executable is never run here, whatever its name or mode, nor a macOS one off a Mac: decided by its header.
    if ((await host.isExecutable(c)) && !isForeignExecutable(host, await host.readBytes(c, 4096))) return c;
  }
  return null;
}

/** Whether these first bytes are a Windows (DOS "MZ", PE) executable: such a file is read, never run, off Windows. */
export function isWindowsExecutable(head: Uint8Array | null): boolean {
  return head !== null && head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a;
}

/** Whether these first bytes are an executable this host cannot run: Windows (PE) off Windows, Mach-O off a Mac. */
export function isForeignExecutable(host: EnvHost, head: Uint8Array | null): boolean {
  return (host.platform !== 'win32' && isWindowsExecutable(head)) || isMacExecutableOffMac(host, head);
}

/** Whether these first bytes are a Mach-O file and this host is not a Mac: a macOS python3 read, never run. */
export function isMacExecutableOffMac(host: EnvHost, head: Uint8Array | null): boolean {
  return host.platform !== 'darwin' && head !== null && machoSlices(head) !== null;
}

/** The environment folder of a Windows python.exe: its folder, or the venv above Scripts\. */
export function windowsPrefixOfInterpreter(exe: string, platform: NodeJS.Platform): string {
  const p = pathsFor(platform);
  const dir = p.dirname(exe);
  return /^scripts$/i.test(p.basename(dir)) ? p.dirname(dir) : dir;
}

/** Machine field of a PE file: "x86_64", "x86", "arm64", or null when it is not a PE file. */
export function peMachine(bytes: Uint8Array): string | null {
  if (bytes.length < 0x40 || bytes[0] !== 0x4d || bytes[1] !== 0x5a) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const peOffset = view.getUint32(0x3c, true);
  if (peOffset + 6 > bytes.length) return null;
  if (view.getUint32(peOffset, true) !== 0x00004550) return null;
  const machine = view.getUint16(peOffset + 4, true);
  return ({ 0x8664: 'x86_64', 0x14c: 'x86', 0xaa64: 'arm64', 0x1c4: 'arm' } as Record<number, string>)[machine] ?? `unknown-0x${machine.toString(16)}`;
}

/** e_machine of an ELF file, or null when it is not ELF. */
export function elfMachine(bytes: Uint8Array): string | null {
  if (bytes.length < 20 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return null;
  const little = bytes[5] === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = view.getUint16(18, little);
  return ({ 0x3e: 'x86_64', 0x03: 'x86', 0xb7: 'aarch64', 0x28: 'arm' } as Record<number, string>)[machine] ?? `unknown-0x${machine.toString(16)}`;
}

/** Parses pyvenv.cfg "key = value" lines (https://docs.python.org/3/library/venv.html). */
export function parsePyvenvCfg(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return out;
}

export interface OfflineOptions {
  readonly host?: EnvHost;
  readonly sources?: DiscoverySource[] | undefined;
}

/** Describes a folder without running anything (status 'offline'). */
export async function describeOffline(folder: string, options: OfflineOptions = {}): Promise<EnvironmentDescription> {
  const host = options.host ?? nodeHost();
  const p = pathsFor(host.platform);
  // An embedded Python (embeddable zip, ComfyUI, Blender) is read where python.exe and its DLL are; its layout then sets prefix and sys.path.
  const embedded = await recognizeEmbeddedLayout(host, p.resolve(folder));
  const prefix = embedded?.applicationDir ?? p.resolve(folder);
  const evidence: string[] = [];
  const entries = await host.listDir(prefix);
  const has = (name: string): boolean => entries.some((e) => e.toLowerCase() === name.toLowerCase());
  const scripts = has('Scripts') ? await host.listDir(p.join(prefix, 'Scripts')) : [];
  // "Lib" must match exactly: a POSIX prefix has "lib" (and "bin"), which a case-insensitive test would take for Windows.
  const windowsLayout =
    has('python.exe') ||
    scripts.some((e) => e.toLowerCase() === 'python.exe') ||
    entries.some((e) => /^python3\d+\.dll$/i.test(e)) ||
    (entries.includes('Lib') && !entries.includes('bin'));
  let version: string | null = null;
  let arch: string | null = null;

  const cfgText = await host.readText(p.join(prefix, 'pyvenv.cfg'));
  const cfg = cfgText ? parsePyvenvCfg(cfgText) : null;
  if (cfg) {
    const v = cfg.version ?? cfg.version_info;
    const m = v ? /^(\d+\.\d+(?:\.\d+)?)/.exec(v) : null;
    if (m) {
      version = m[1]!;
      evidence.push(`version ${version}: pyvenv.cfg`);
    }
  }
  const condaRecords = await readCondaRecords(host, prefix);
  const pythonRecord = condaRecords.find((r) => r.name === 'python');
  if (!version && pythonRecord) {
    version = pythonRecord.version;
    evidence.push(`version ${version}: conda-meta record ${p.basename(pythonRecord.metaFile)}`);
  }
  const dll = entries.find((e) => /^python3\d+\.dll$/i.test(e));
  if (!version && dll) {
    const d = /^python(\d)(\d+)\.dll$/i.exec(dll)!;
    version = `${d[1]}.${d[2]}`;
    evidence.push(`version ${version}: ${dll} (minor version only)`);
  }
  // The DLLs' version resources are exact: python36.dll of 3.6.0 says 3.6.150.1013, its name only "3.6".
  const dllVersions: DllVersion[] = [];
  if (windowsLayout) {
    for (const name of entries.filter((e) => /^(python3\d+|vcruntime140(_\d+)?|msvcp140(_\w+)?)\.dll$/i.test(e)).sort()) {
      const file = p.join(prefix, name);
      const bytes = await host.readBytes(file, MAX_DLL_BYTES);
      const resource = bytes ? versionResourceOf(bytes) : null;
      const fileVersion = resource?.fileVersion ? formatFileVersion(resource.fileVersion) : null;
      const release = resource?.fileVersion && /^python3\d+\.dll$/i.test(name) ? cpythonVersionFromFileVersion(resource.fileVersion) : null;
      dllVersions.push({ name, path: file, fileVersion, release });
      if (fileVersion) evidence.push(`${name} version resource: ${fileVersion}${release ? ` (CPython ${release})` : ''}`);
    }
  }
  const exact = dllVersions.find((d) => d.release !== null && d.name.toLowerCase() === dll?.toLowerCase())?.release ?? null;
  if (exact && (!version || !/^\d+\.\d+\.\d+/.test(version) || version.split('.').slice(0, 2).join('.') === exact.split('.').slice(0, 2).join('.'))) {
    if (version !== exact) evidence.push(`version ${exact}: version resource of ${dll}${version ? ` (instead of ${version})` : ''}`);
    version = exact;
  }
  let libPythonDir: string | null = null;
  if (!windowsLayout) {
    const lib = (await host.listDir(p.join(prefix, 'lib'))).find((e) => /^python3\.\d+t?$/.test(e));
    if (lib) {
      libPythonDir = p.join(prefix, 'lib', lib);
      if (!version) {
        version = lib.replace(/^python/, '').replace(/t$/, '');
        evidence.push(`version ${version}: lib/${lib} folder (minor version only)`);
      }
    }
  }
  const exe = windowsLayout
    ? [p.join(prefix, 'python.exe'), p.join(prefix, 'Scripts', 'python.exe')]
    : [p.join(prefix, 'bin', 'python3'), p.join(prefix, 'bin', 'python')];
  let interpreter: string | null = null;
  let elf = false;
  for (const candidate of exe) {
    const head = await host.readBytes(candidate, 4096);
    if (!head) continue;
    interpreter = candidate;
    const machine = windowsLayout ? peMachine(head) : elfMachine(head);
    elf = !windowsLayout && machine !== null;
    if (machine) {
      arch = machine;
      evidence.push(`architecture ${machine}: ${windowsLayout ? 'PE' : 'ELF'} header of ${p.relative(prefix, candidate)}`);
    }
    break;
  }
  if (!arch && dll) {
    const head = await host.readBytes(p.join(prefix, dll), 4096);
    const machine = head ? peMachine(head) : null;
    if (machine) {
      arch = machine;
      evidence.push(`architecture ${machine}: PE header of ${dll}`);
    }
  }
  const sitePackages: string[] = [];
  // Windows: the Lib folder under the name the file system lists, once. On a case-insensitive file
  // system `Lib` and `lib` are one folder (issue 23: listed twice when both spellings were tried).
  const siteCandidates = windowsLayout
    ? entries.filter((e) => e.toLowerCase() === 'lib').map((e) => p.join(prefix, e, 'site-packages'))
    : libPythonDir
      ? [p.join(libPythonDir, 'site-packages')]
      : [];
  for (const s of siteCandidates) if ((await host.kind(s)) === 'dir' && !sitePackages.some((t) => pathKey(t, host.platform) === pathKey(s, host.platform))) sitePackages.push(s);
  // A macOS environment (Mach-O files, macOS wheels) copied here: read as a Windows folder is.
  const mac = windowsLayout || elf ? null : await readMacLayout(host, prefix, entries, interpreter, sitePackages);
  if (mac) {
    arch = mac.arch;
    evidence.push(...mac.evidence);
  }
  const python = version ? (mac ? darwinOfflineFacts(version, arch) : offlineFacts(version, arch, windowsLayout)) : null;
  if (!version) evidence.push('version unknown: no pyvenv.cfg, conda-meta python record, pythonXY.dll or lib/pythonX.Y');
  if (!arch) evidence.push(mac ? 'architecture unknown: no thin Mach-O file or macOS wheel names one' : 'architecture unknown: no readable interpreter or pythonXY.dll');
  const isConda = condaRecords.length > 0 || has('conda-meta');
  const found = version !== null || sitePackages.length > 0 || isConda;
  const description: EnvironmentDescription = {
    schemaVersion: 1,
    id: (await host.realPath(prefix)) ?? prefix,
    status: 'offline',
    ...texts({
      message: found
        ? message('env.offline.described', { layout: message(windowsLayout ? 'env.offline.layout.windows' : mac ? 'env.offline.layout.macos' : 'env.offline.layout.posix') })
        : message('env.offline.not-python', { prefix }),
    }),
    kind: isConda ? 'conda' : cfg ? 'venv' : found ? 'installed' : 'unknown',
    interpreter,
    prefix,
    basePrefix: cfg?.home ? (windowsLayout ? cfg.home : p.dirname(cfg.home)) : null,
    python,
    sysPath: [],
    sitePackages,
    dllDirectories: await findDllDirectories(host, prefix, sitePackages, isConda, windowsLayout),
    distributions: await readDistributions(host, sitePackages, python?.extensionSuffixes ?? [], { prefix, records: condaRecords }),
    condaRecords,
    importTest: null,
    interpreterRuns: 0,
    evidence,
    dllVersions,
    sources: options.sources ?? [],
  };
  return embedded ? applyEmbeddedLayout(host, description, embedded) : description;
}

/** Facts that follow from version, architecture and layout for a CPython build. */
export function offlineFacts(version: string, arch: string | null, windows: boolean): PythonFacts {
  // "3.7.0rc1": the release level does not change any fact below.
  const [major = 3, minor = 0, micro = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const a = arch ?? 'x86_64';
  const bits = a === 'x86' || a === 'arm' ? 32 : 64;
  const abiTag = cpythonAbiTag(major, minor);
  if (windows) {
    const plat = a === 'x86' ? 'win32' : a === 'arm64' ? 'win_arm64' : 'win_amd64';
    const sysconfigPlatform = a === 'x86' ? 'win32' : a === 'arm64' ? 'win-arm64' : 'win-amd64';
    return {
      version,
      versionInfo: [major, minor, micro],
      implementation: 'cpython',
      architecture: a,
      bits,
      platform: 'win32',
      sysconfigPlatform,
      abiTag,
      extensionSuffixes: [`.cp${major}${minor}-${plat}.pyd`, '.pyd'],
      platformTags: [plat],
      glibcVersion: null,
      markers: markers(version, major, minor, 'win32', 'nt', 'Windows', a === 'x86' ? 'x86' : a === 'arm64' ? 'ARM64' : 'AMD64'),
    };
  }
  const multiarch = a === 'x86_64' ? 'x86_64-linux-gnu' : a === 'aarch64' ? 'aarch64-linux-gnu' : `${a}-linux-gnu`;
  return {
    version,
    versionInfo: [major, minor, micro],
    implementation: 'cpython',
    architecture: a,
    bits,
    platform: 'linux',
    sysconfigPlatform: `linux-${a}`,
    abiTag,
    extensionSuffixes: [`.cpython-${major}${minor}${minor < 8 ? 'm' : ''}-${multiarch}.so`, '.abi3.so', '.so'],
    // glibc of the machine the folder came from is unknown: health checks then match manylinux by architecture.
    platformTags: linuxPlatformTags(a, null),
    glibcVersion: null,
    markers: markers(version, major, minor, 'linux', 'posix', 'Linux', a),
  };
}

function markers(version: string, major: number, minor: number, sysPlatform: string, osName: string, system: string, machine: string): Record<string, string> {
  return {
    os_name: osName,
    sys_platform: sysPlatform,
    platform_machine: machine,
    platform_python_implementation: 'CPython',
    platform_system: system,
    python_version: `${major}.${minor}`,
    python_full_version: version,
    implementation_name: 'cpython',
    implementation_version: version,
  };
}
