import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedVersions } from '../../app/api/installed-versions';
import { buildPillowProcedureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';

let dir: string;
let scenario: WindowsScenario;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'installed versions '));
  scenario = await buildPillowProcedureScenario(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('installedVersions', () => {
  it('reads the version installed now from the environment’s own records, by any spelling of the name, with no index asked', async () => {
    // PIP_INDEX_URL points nowhere: an index lookup would fail; the records answer.
    const versions = await installedVersions(scenario.python, ['Pillow', 'not-installed'], { PIP_INDEX_URL: 'http://127.0.0.1:9/simple/' }, 'linux');
    expect(versions).toEqual([
      { package: 'Pillow', version: '4.1.0' },
      { package: 'not-installed', version: null },
    ]);
  });
});
