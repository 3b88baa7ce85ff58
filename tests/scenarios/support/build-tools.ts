/**
 * Small real-world builders for scenario tests: compile C with gcc, pack wheels, make venvs, run pip.
 *
 * Everything runs with argument arrays (no shell). Wheels follow PEP 427 (WHEEL, METADATA, RECORD
 * with sha256 digests) and are installed by the real pip from a local folder (--no-index
 * --find-links), so pip's own records (INSTALLER, RECORD) are what the diagnosis reads.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function run(file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(file, [...args], { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 32 * 1024 * 1024, timeout: 180_000 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: error });
  }
}

/** The system interpreter the scenarios build venvs from. */
export const SYSTEM_PYTHON = process.env.SCENARIO_PYTHON ?? 'python3';

export interface PythonInfo {
  readonly include: string;
  readonly extSuffix: string;
  /** "cp311-cp311-linux_x86_64" */
  readonly wheelTag: string;
  readonly version: string;
}

let info: PythonInfo | undefined;
export async function pythonInfo(): Promise<PythonInfo> {
  if (info) return info;
  const { stdout } = await run(SYSTEM_PYTHON, [
    '-c',
    'import json,sys,sysconfig,platform;v=f"cp{sys.version_info[0]}{sys.version_info[1]}";print(json.dumps({"include":sysconfig.get_paths()["include"],"extSuffix":sysconfig.get_config_var("EXT_SUFFIX"),"wheelTag":f"{v}-{v}-"+sysconfig.get_platform().replace("-","_").replace(".","_"),"version":platform.python_version()}))',
  ]);
  info = JSON.parse(stdout) as PythonInfo;
  return info;
}

/** Compiles C sources into a shared object with gcc. */
export async function gccShared(out: string, sources: Record<string, string>, options: { soname?: string; libs?: readonly string[]; libDirs?: readonly string[]; rpath?: string; versionScript?: string; python?: boolean }): Promise<void> {
  const dir = join(out, '..', `.src-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const [name, text] of Object.entries(sources)) {
    await writeFile(join(dir, name), text);
    files.push(join(dir, name));
  }
  const args = ['-shared', '-fPIC', '-O1', '-o', out, ...files];
  if (options.python) args.push(`-I${(await pythonInfo()).include}`);
  if (options.soname) args.push(`-Wl,-soname,${options.soname}`);
  if (options.versionScript) {
    const vs = join(dir, 'exports.map');
    await writeFile(vs, options.versionScript);
    args.push(`-Wl,--version-script=${vs}`);
  }
  for (const d of options.libDirs ?? []) args.push(`-L${d}`);
  if (options.rpath) args.push(`-Wl,-rpath,${options.rpath}`, '-Wl,--enable-new-dtags');
  for (const l of options.libs ?? []) args.push(`-l:${l}`);
  await run('gcc', args);
}

const WHEEL_SCRIPT = String.raw`
import base64, hashlib, json, os, sys, zipfile
spec = json.load(sys.stdin)
name, version = spec["name"], spec["version"]
dist = f"{name}-{version}.dist-info"
entries = [(arc, open(src, "rb").read()) for arc, src in spec["files"]]
meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in spec["requires"])
entries.append((f"{dist}/METADATA", meta.encode()))
entries.append((f"{dist}/WHEEL", f"Wheel-Version: 1.0\nGenerator: scenario-builder\nRoot-Is-Purelib: false\nTag: {spec['tag']}\n".encode()))
record = []
for arc, data in entries:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.append(f"{arc},sha256={digest},{len(data)}")
record.append(f"{dist}/RECORD,,")
entries.append((f"{dist}/RECORD", ("\n".join(record) + "\n").encode()))
out = os.path.join(spec["outDir"], f"{name}-{version}-{spec['tag']}.whl")
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for arc, data in entries:
        info = zipfile.ZipInfo(arc, date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = 0o755 << 16
        z.writestr(info, data)
print(out)
`;

/** Packs files (archive path → file on disk) into a wheel in outDir; returns its path. */
export async function buildWheel(spec: { outDir: string; name: string; version: string; files: Record<string, string>; requires?: readonly string[]; tag?: string }): Promise<string> {
  const tag = spec.tag ?? (await pythonInfo()).wheelTag;
  const payload = JSON.stringify({ outDir: spec.outDir, name: spec.name, version: spec.version, tag, requires: spec.requires ?? [], files: Object.entries(spec.files) });
  return new Promise((resolveWheel, reject) => {
    const child = execFile(SYSTEM_PYTHON, ['-c', WHEEL_SCRIPT], (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolveWheel(stdout.trim())));
    child.stdin?.end(payload);
  });
}

/** Creates a venv from the system python and returns its interpreter path. */
export async function makeVenv(dir: string): Promise<string> {
  await run(SYSTEM_PYTHON, ['-m', 'venv', dir]);
  return join(dir, 'bin', 'python');
}

/** The environment variables that point pip at the local wheel folder only. */
export function localIndexEnv(wheelDir: string): NodeJS.ProcessEnv {
  return { ...process.env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheelDir, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_CACHE_DIR: '1' };
}

export async function pip(python: string, args: readonly string[], wheelDir: string): Promise<string> {
  return (await run(python, ['-m', 'pip', ...args], { env: localIndexEnv(wheelDir) })).stdout;
}
