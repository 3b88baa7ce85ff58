import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { english, formatMessage, localText, message } from '../../app/messages';
import { acquireRepairLock, findUnfinishedRepairs } from '../../app/repair';

// A repair whose process died: the next start offers it by its remedy's title, in the user's language.
describe('an interrupted repair at the next start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor unfinished '));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps the message behind the remedy title, so the wizard writes it in German', async () => {
    const title = message('remedy.install-version.pip', { package: 'imagelib', version: '4.0.0' });
    const environment = path.join(dir, 'venv');
    const data = path.join(dir, 'data');
    await acquireRepairLock(data, dir, path.join(environment, 'bin', 'python'), english(title), title);
    // The doctor died: its PID is one of a process that has ended.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const locks = path.join(data, 'locks');
    for (const name of await readdir(locks)) {
      const file = path.join(locks, name);
      await writeFile(file, JSON.stringify({ ...(JSON.parse(await readFile(file, 'utf8')) as object), pid: dead, children: [] }));
    }
    const [repair] = await findUnfinishedRepairs(data);
    expect(repair?.remedyTitle).toBe('Install imagelib 4.0.0 with pip');
    expect(localText(repair!, 'remedyTitle', 'de')).toBe(formatMessage(title, 'de'));
    expect(localText(repair!, 'remedyTitle', 'de')).not.toBe(repair?.remedyTitle);
  });
});
