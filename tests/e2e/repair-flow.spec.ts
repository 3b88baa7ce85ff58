import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildImagelibScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';
import { test } from './support/app-fixture';
import { walkRepairFlow } from './support/repair-flow-steps';

let dir: string;
let scenario: LinuxScenario;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor e2e '));
  scenario = await buildImagelibScenario(dir);
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

test.describe('the wizard on a real broken Linux environment', () => {
  // The venv is not on PATH: the wizard finds it from the paths in the pasted error alone.
  // eslint-disable-next-line no-empty-pattern
  test.use({ hostEnv: async ({}, use) => use({ ...process.env, ...scenario.env }) });

  test('takes the real broken environment from the pasted error to a verified fix and an exported report', async ({ wizard }) => {
    // Every step is checked in four layouts (axe each time): longer than the default minute.
    test.setTimeout(300_000);
    await walkRepairFlow(wizard, scenario);
  });
});
