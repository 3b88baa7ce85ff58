import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { devNull } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollback, takeSnapshot } from '../../app/repair';
import { environmentIdentity } from '../../app/repair/environment-identity';
import { leftoverWords, readSiteState } from '../../app/repair/site-records';
import { english } from '../../app/messages';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';
import { testPython } from '../support/wheels';

const run = promisify(execFile);
const LOCAL_INDEX = '/opt/pypi/simple';
const fingerprintScript = fileURLToPath(new URL('../faults/fingerprint.py', import.meta.url));

/**
 * pip killed while it wrote INSTALLER, the moment the fault-injection suite hit in CI: the new
 * version's files and its dist-info are all there, with the wheel's own RECORD (which lists them
 * all), beside pip's temporary `INSTALLER<8 letters>.tmp` and the old version's `~` stash. The
 * dist-info looked complete, so the rollback moved only the stash; pip then uninstalled the new
 * version by that RECORD and left the dist-info holding just the temporary file: "msgpack is
 * recorded twice; msgpack 1.1.2 is incomplete". Here pip is stopped at exactly that point, for
 * real: its fsync of the INSTALLER temporary file kills it (adjacent_tmp_file syncs before the
 * rename; pypa/pip src/pip/_internal/utils/filesystem.py, pip 23.2).
 */
const killedWritingInstaller = `
import os, signal, sys
real_fsync = os.fsync
def fsync(fd):
    if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith("INSTALLER"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_fsync(fd)
os.fsync = fsync
from pip._internal.cli.main import main
sys.exit(main(sys.argv[1:]))
`;

describe.skipIf(process.platform !== 'linux')('pip stopped while it wrote a dist-info file', () => {
  let dir: string;
  let venv: TestVenv;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await makeTempDir('pip stopped');
    const wheels = path.join(dir, 'wheels');
    const mirror = existsSync(LOCAL_INDEX) ? { ...process.env, PIP_CONFIG_FILE: devNull, PIP_INDEX_URL: `file://${LOCAL_INDEX}` } : process.env;
    for (const version of ['1.2.3', '1.1.2']) await run(testPython(), ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '-d', wheels, `msgpack==${version}`], { env: mirror });
    env = { ...process.env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: pathToFileURL(wheels).href, PIP_DISABLE_PIP_VERSION_CHECK: '1' };
    venv = await createVenv({ parent: dir, name: 'env' });
    await venv.install(wheels, 'msgpack==1.2.3');
  }, 300_000);
  afterAll(async () => {
    await venv?.remove();
  });

  it('finds the temporary file, and the rollback puts the environment back exactly', async () => {
    const fingerprint = async () => JSON.parse((await run(venv.python, [fingerprintScript, 'msgpack'])).stdout) as unknown;
    const before = await fingerprint();
    const dataDir = path.join(dir, 'data');
    const snapshot = await takeSnapshot(dataDir, await environmentIdentity(venv.dir), venv.python, env);

    await expect(run(venv.python, ['-I', '-c', killedWritingInstaller, 'install', 'msgpack==1.1.2'], { env })).rejects.toMatchObject({ signal: 'SIGKILL' });
    const site = path.join(venv.dir, 'lib', (await readdir(path.join(venv.dir, 'lib')))[0] ?? '', 'site-packages');
    const info = await readdir(path.join(site, 'msgpack-1.1.2.dist-info'));
    // The layout CI met: the wheel's RECORD and METADATA are there, INSTALLER only as pip's temporary file.
    expect(info).toEqual(expect.arrayContaining(['METADATA', 'RECORD']));
    expect(info.filter((f) => /^INSTALLER.{8}\.tmp$/.test(f))).toHaveLength(1);
    const words = leftoverWords(await readSiteState(venv.dir, [site])).map(english).join('\n');
    expect(words).toMatch(/msgpack 1\.1\.2 is incomplete: msgpack-1\.1\.2\.dist-info\/INSTALLER.{8}\.tmp is a file pip was writing when it was stopped/);
    expect(words).toMatch(/~sgpack/);

    const outcome = await rollback(venv.python, snapshot.id, { dataDir, env, onLine: () => undefined, onProgress: () => undefined });
    expect(outcome.summary).toMatch(/^Put back as it was before/);
    expect(await fingerprint()).toEqual(before);
  }, 300_000);
});
