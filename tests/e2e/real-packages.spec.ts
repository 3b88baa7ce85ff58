import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeVenv, run } from '../scenarios/support/build-tools';
import { expect, test } from './support/app-fixture';
import { checkStepEverywhere } from './support/layouts';
import { pasteInto } from './support/paste';

/**
 * Real wheels, not built ones: Pillow and scikit-image installed by pip from the package index this
 * machine reaches (a PEP 503 folder), then Pillow loses one of its bundled libraries, as when two
 * packages vendor the same file and uninstalling one takes it along.
 */
const INDEX = '/opt/pypi/simple';
const indexEnv = { ...process.env, PIP_INDEX_URL: `file://${INDEX}`, PIP_EXTRA_INDEX_URL: 'file:///opt/pypi-more/simple', PIP_DISABLE_PIP_VERSION_CHECK: '1' };

let dir = '';
let python = '';
let errorText = '';
let lost = '';

test.skip(!existsSync(path.join(INDEX, 'pillow')) || !existsSync(path.join(INDEX, 'scikit-image')), `the package index ${INDEX} with pillow and scikit-image is not on this machine`);

test.beforeAll(async () => {
  test.setTimeout(600_000);
  dir = await mkdtemp(path.join(tmpdir(), 'doctor real '));
  python = await makeVenv(path.join(dir, 'venv'));
  await run(python, ['-m', 'pip', 'install', '--quiet', 'pillow', 'scikit-image'], { env: indexEnv });
  const site = (await run(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["platlib"])'])).stdout.trim();
  const libs = path.join(site, 'pillow.libs');
  lost = (await readdir(libs)).find((f) => f.startsWith('libjpeg')) ?? '';
  await rm(path.join(libs, lost));
  errorText = (await run(python, ['-c', 'import traceback\ntry:\n    from PIL import Image\nexcept BaseException:\n    traceback.print_exc(file=__import__("sys").stdout)'])).stdout;
});
test.afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test.describe('real Pillow and scikit-image wheels', () => {
  // eslint-disable-next-line no-empty-pattern
  test.use({ hostEnv: async ({}, use) => use(indexEnv) });

  test('Pillow without its bundled libjpeg is diagnosed, reinstalled and verified', async ({ wizard }) => {
    test.setTimeout(400_000);
    expect(errorText).toContain(lost);
    await pasteInto(wizard.getByLabel('The error'), errorText);
    await expect(wizard.getByRole('status', { name: 'What was recognised' })).toContainText('A library it needs could not be found');
    await wizard.getByRole('button', { name: 'Next: choose the Python environment' }).click();
    await expect(wizard.getByRole('listitem').filter({ hasText: 'The error came from here' }).getByRole('radio')).toBeChecked({ timeout: 30_000 });
    await wizard.getByRole('button', { name: 'Next: diagnose' }).click();

    const top = wizard.getByRole('list', { name: 'Causes, most likely first' }).getByRole('listitem').first();
    await expect(top).toContainText(lost, { timeout: 60_000 });
    await top.getByText(/^Evidence/).click();
    await expect(top.getByRole('tree', { name: 'Dependency tree' }).locator('.tree-bad')).toContainText(lost);
    await expect(top.getByRole('list', { name: `Where the loader looks for ${lost}, in order` })).toBeVisible();
    // The whole graph: Pillow's bundled libraries under _imaging, each with the step that found it.
    await top.getByRole('button', { name: 'Show every library it loads' }).click();
    const all = top.getByRole('tree', { name: 'Every library it loads' });
    await expect(all.locator('.tree-bad').filter({ hasText: lost }).first()).toContainText('not found');
    await expect(all.getByRole('treeitem').filter({ hasText: /^libtiff-/ }).first()).toContainText(/RPATH|RUNPATH/);
    await checkStepEverywhere(wizard, '3-diagnosis-real');

    await wizard.getByRole('region', { name: 'Recommended fix' }).getByRole('button').click();
    const commands = wizard.getByRole('list', { name: 'Commands that will run' });
    await expect(commands).toContainText('pillow', { timeout: 120_000 });
    // The engine's remedy puts the same Pillow back without its dependencies (--force-reinstall
    // --no-deps): scikit-image is shown as a dependent, with why it is not reinstalled.
    await expect(commands).toContainText('--force-reinstall --no-deps pillow==');
    const dependents = wizard.getByRole('region', { name: 'Packages that depend on pillow' });
    await expect(dependents).toContainText('scikit-image');
    await expect(dependents).toContainText('not reinstalled: pillow is put back at the version they were installed with');
    await expect(commands).not.toContainText('scikit-image');
    await checkStepEverywhere(wizard, '4-fix-real');
    await wizard.getByRole('button', { name: 'Run these commands' }).click();
    await expect(wizard.getByRole('status', { name: 'Repair outcome' })).toContainText('the import works now', { timeout: 180_000 });
    await wizard.getByRole('button', { name: 'Next: check the import' }).click();
    await expect(wizard.getByRole('status', { name: 'Verification' })).toContainText('Fixed', { timeout: 60_000 });
    expect(existsSync(path.join(path.dirname(errorText.match(/File "([^"]+PIL)[\\/]/)?.[1] ?? ''), 'pillow.libs', lost))).toBe(true);
    // The package that depends on Pillow, shown on the fix step and left as it was, works again too.
    expect((await run(python, ['-c', 'import skimage.io, PIL.Image; print("ok")'])).stdout.trim()).toBe('ok');
  });
});
