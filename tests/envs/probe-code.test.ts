import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { probeEnvironment } from '../../app/envs/describe';
import { nodeHost, type EnvHost } from '../../app/envs/host';
import { clearProbeCache } from '../../app/envs/probe-cache';
import { clearProbeCodeStems, defaultProbeCodeDir, probeBoot } from '../../app/envs/probe-code';
import { probeScript } from '../../app/envs/probe-script';
import type { EnvironmentDescription } from '../../app/envs/types';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';

const py27 = `${process.env.HOME}/.pyenv/versions/2.7.18/bin/python`;

/** A real host whose probe code is kept in `folder` (null: none), recording what each run was sent. */
function recordingHost(folder: string | null): EnvHost & { sent: string[][] } {
  const base = nodeHost({ probeCodeDir: folder });
  const sent: string[][] = [];
  return {
    ...base,
    exec(file, args, options) {
      sent.push([...args]);
      return base.exec(file, args, options);
    },
    sent,
  };
}

/** What must not depend on how the probe reached the interpreter. */
function answers(d: EnvironmentDescription): unknown {
  return { ...d, interpreterRuns: undefined };
}

describe("the probe's code kept per interpreter build (real venv)", () => {
  let venv: TestVenv;
  let folder: string;
  beforeAll(async () => {
    venv = await createVenv({ withPip: false });
  });
  afterAll(async () => {
    await venv?.remove();
  });
  beforeEach(async () => {
    // Each test as a new session with an empty folder.
    folder = path.join(await makeTempDir('probe code'), 'kept ü');
    clearProbeCache();
    clearProbeCodeStems();
  });

  const files = async () => (await readdir(folder)).sort();

  it('describes the environment exactly as the whole script does, and compiles it once', async () => {
    const plain = await probeEnvironment(venv.python, { host: recordingHost(null) });
    clearProbeCache();
    const host = recordingHost(folder);
    const first = await probeEnvironment(venv.python, { host });
    expect(first.status).toBe('ok');
    expect(first.interpreterRuns).toBe(1);
    expect(answers(first)).toEqual(answers(plain));
    // The boot and a path were sent, not the script; the source and one code file are kept.
    expect(host.sent[0]).toContain(probeBoot);
    expect(host.sent[0]!.join('\n')).not.toContain('def describe');
    const kept = await files();
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatch(/^probe-[0-9a-f]{16}\.[a-z]+-?\d+-[0-9a-f]{8}\.code$/);
    expect(await readFile(path.join(folder, kept[1]!), 'utf8')).toBe(probeScript(undefined, { importTest: false }));
  });

  it('runs the kept code without the source (nothing is compiled again)', async () => {
    await probeEnvironment(venv.python, { host: recordingHost(folder) });
    const source = (await files()).find((f) => f.endsWith('.py'))!;
    await rm(path.join(folder, source));
    clearProbeCache();
    const again = await probeEnvironment(venv.python, { host: recordingHost(folder) });
    // Without the code the boot would have failed to read the source and a second run followed.
    expect(again.status).toBe('ok');
    expect(again.interpreterRuns).toBe(1);
  });

  it('sends the whole script once more when the boot finds neither code nor source, and writes the source again for the next', async () => {
    await probeEnvironment(venv.python, { host: recordingHost(folder) });
    await rm(folder, { recursive: true });
    clearProbeCache();
    const host = recordingHost(folder);
    const d = await probeEnvironment(venv.python, { host });
    expect(d.status).toBe('ok');
    expect(d.interpreterRuns).toBe(2);
    expect(host.sent[1]!.join('\n')).toContain('def describe');
    // The next description in this session writes the source again and needs one run, not two.
    clearProbeCache();
    const next = await probeEnvironment(venv.python, { host: recordingHost(folder) });
    expect(next.interpreterRuns).toBe(1);
    expect((await files()).some((f) => f.endsWith('.py'))).toBe(true);
  });

  it('writes a changed source again and removes the code compiled from it', async () => {
    await probeEnvironment(venv.python, { host: recordingHost(folder) });
    const source = (await files()).find((f) => f.endsWith('.py'))!;
    const stem = source.slice(0, -'.py'.length);
    // Someone edited the source, and code of another Python build was compiled from the edit.
    await writeFile(path.join(folder, source), 'print("not the probe")\n');
    const planted = `${stem}.cpython-399-00000000.code`;
    await writeFile(path.join(folder, planted), 'x');
    clearProbeCodeStems();
    clearProbeCache();
    const d = await probeEnvironment(venv.python, { host: recordingHost(folder) });
    expect(d.status).toBe('ok');
    expect(await readFile(path.join(folder, source), 'utf8')).toBe(probeScript(undefined, { importTest: false }));
    expect(await files()).not.toContain(planted);
  });

  it('sends the whole script when the folder cannot be made', async () => {
    const blocked = path.join(await makeTempDir('probe code'), 'a file');
    await writeFile(blocked, '');
    const host = recordingHost(path.join(blocked, 'kept'));
    const d = await probeEnvironment(venv.python, { host });
    expect(d.status).toBe('ok');
    expect(d.interpreterRuns).toBe(1);
    expect(host.sent[0]!.join('\n')).toContain('def describe');
  });

  it.skipIf(!existsSync(py27))('still reports a real Python 2.7 as python2 through the boot', async () => {
    const host = recordingHost(folder);
    const d = await probeEnvironment(py27, { host });
    expect(d.status).toBe('python2');
    expect(host.sent.some((args) => args.includes(probeBoot))).toBe(true);
  });
});

describe('the folder of the probe code', () => {
  it("is the platform's per-user cache folder, or DOCTOR_DATA_DIR's", () => {
    expect(defaultProbeCodeDir('linux', {}, '/home/ann')).toBe('/home/ann/.cache/python-dll-doctor/probe-code');
    expect(defaultProbeCodeDir('linux', { XDG_CACHE_HOME: '/c' }, '/home/ann')).toBe('/c/python-dll-doctor/probe-code');
    // A relative XDG_CACHE_HOME is invalid by the XDG base directory spec and ignored.
    expect(defaultProbeCodeDir('linux', { XDG_CACHE_HOME: 'rel' }, '/home/ann')).toBe('/home/ann/.cache/python-dll-doctor/probe-code');
    expect(defaultProbeCodeDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Caches/Python DLL Doctor/probe-code');
    expect(defaultProbeCodeDir('win32', { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Local\\Python DLL Doctor\\probe-code');
    expect(defaultProbeCodeDir('linux', { DOCTOR_DATA_DIR: '/data' }, '/home/ann')).toBe('/data/probe-code');
  });
});
