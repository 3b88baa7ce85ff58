/**
 * The description probe compiled once per interpreter build and kept in the doctor's own cache
 * folder, so that describing an environment does not start by compiling the script.
 *
 * Python compiles a `-c` script on every run and keeps nothing: for the probe that compile costs
 * more than running it (docs/benchmarks.md, "Discovery of 100 environments"). Instead the engine
 * writes the description script once as `<folder>/probe-<sha256 of the script>.py` and runs a short
 * boot script (`probeBoot`) with that path. The boot loads `<stem>.<cache tag>-<magic>.code`, the
 * code object marshalled by an interpreter of the same bytecode (sys.implementation.cache_tag and
 * importlib's MAGIC_NUMBER, what names and validates a .pyc), or compiles the source file and
 * writes that file for the next run (atomically: a temporary name, then a rename; a failed write
 * costs nothing but the next compile). The code is then run in the `-c` namespace exactly as the
 * plain script would be: same answers, nothing added to sys.path, sys.modules or the environment
 * (the boot writes only in the doctor's folder; -B still stops every other .pyc).
 * A script of other content gets another file name, and a source file found changed is written
 * again with the code files compiled from it removed, so stale code never runs. Python 2 has no
 * cache tag: it compiles the source file, as before, and answers "python2".
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The `-c` text that runs the probe from `sys.argv[1]`, the path of its source without `.py`.
 * Parses on Python 2.7 (the probe then answers "python2").
 */
export const probeBoot = `import sys


def _pdd_probe_code(stem):
    # app/envs/probe-code.ts: the probe compiled once per bytecode version, kept next to its source.
    import marshal
    import os
    tag = getattr(getattr(sys, "implementation", None), "cache_tag", None)
    magic = getattr(sys.modules.get("_frozen_importlib_external"), "MAGIC_NUMBER", b"")
    kept = "%s.%s-%s.code" % (stem, tag, "".join("%02x" % b for b in bytearray(magic)))
    if tag and magic:
        try:
            with open(kept, "rb") as f:
                return marshal.loads(f.read())
        except Exception:
            pass
    with open(stem + ".py", "rb") as f:
        code = compile(f.read(), "<string>", "exec")
    if tag and magic:
        part = "%s.%d" % (kept, os.getpid())
        try:
            with open(part, "wb") as f:
                f.write(marshal.dumps(code))
            getattr(os, "replace", os.rename)(part, kept)
        except Exception:
            try:
                os.remove(part)
            except Exception:
                pass
    return code


exec(_pdd_probe_code(sys.argv.pop(1)))
`;

/**
 * The folder for the probe's code: the platform's per-user cache folder (never a shared temporary
 * folder, whose files another user could plant), or `<DOCTOR_DATA_DIR>/probe-code` when that is set.
 */
export function defaultProbeCodeDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homeDir: string): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (env.DOCTOR_DATA_DIR) return p.join(env.DOCTOR_DATA_DIR, 'probe-code');
  if (platform === 'win32') return p.join(env.LOCALAPPDATA ?? p.join(homeDir, 'AppData', 'Local'), 'Python DLL Doctor', 'probe-code');
  if (platform === 'darwin') return p.join(homeDir, 'Library', 'Caches', 'Python DLL Doctor', 'probe-code');
  const cache = env.XDG_CACHE_HOME && p.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : p.join(homeDir, '.cache');
  return p.join(cache, 'python-dll-doctor', 'probe-code');
}

/** Per session and folder: the stem once its source file is checked or written (null: not usable). */
const stems = new Map<string, Promise<string | null>>();

/**
 * The stem (`<folder>/probe-<hash>`) whose `.py` holds exactly `source`, checked or written once per
 * session; null when the folder cannot be written (the probe is then sent whole, as `-c`).
 */
export function probeCodeStem(folder: string, source: string): Promise<string | null> {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const stem = path.join(folder, `probe-${hash}`);
  let ready = stems.get(stem);
  if (!ready) {
    ready = writeSource(folder, stem, source).catch(() => null);
    stems.set(stem, ready);
  }
  return ready;
}

async function writeSource(folder: string, stem: string, source: string): Promise<string | null> {
  const file = `${stem}.py`;
  const found = await readFile(file, 'utf8').catch(() => null);
  if (found === source) return stem;
  await mkdir(folder, { recursive: true, mode: 0o700 });
  if (found !== null) {
    // Changed since it was written: what was compiled from it must not run.
    const base = path.basename(stem);
    for (const name of await readdir(folder)) {
      if (name.startsWith(`${base}.`) && name.endsWith('.code')) await rm(path.join(folder, name), { force: true });
    }
  }
  const part = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(part, source, { mode: 0o600 });
  await rename(part, file).catch(async (error: unknown) => {
    await rm(part, { force: true });
    throw error;
  });
  return stem;
}

/**
 * Forgets that `stem`'s source was written, after a boot could not load it (its folder was emptied
 * meanwhile): the next probe writes it again instead of paying a failed boot every time.
 */
export function forgetProbeCodeStem(stem: string): void {
  stems.delete(stem);
}

/** Forgets which sources were checked (tests). */
export function clearProbeCodeStems(): void {
  stems.clear();
}
