import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { buildPillowProcedureScenario, buildWrongArchitectureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';
import { expect, test } from './support/app-fixture';

let dir: string;
let scenario: WindowsScenario;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor windows graph '));
  scenario = await buildPillowProcedureScenario(dir);
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

/** From the pasted traceback to the first cause's evidence, opened. */
async function diagnoseFromError(wizard: Page, errorText: string) {
  await wizard.getByLabel('The error').fill(errorText);
  await wizard.getByRole('button', { name: 'Next: choose the Python environment' }).click();
  const named = wizard.getByRole('listitem').filter({ hasText: 'Named in the error' });
  await expect(named.getByRole('radio')).toBeChecked({ timeout: 30_000 });
  await wizard.getByRole('button', { name: 'Next: diagnose' }).click();
  const top = wizard.getByRole('list', { name: 'Causes, most likely first' }).getByRole('listitem').first();
  await expect(top).toBeVisible({ timeout: 30_000 });
  await top.getByText(/^Evidence/).click();
  return top;
}

test('a copied Windows environment shows every DLL the module loads, with python36.dll marked', async ({ wizard }) => {
  test.setTimeout(120_000);
  const top = await diagnoseFromError(wizard, scenario.errorText);
  await top.getByRole('button', { name: 'Show every library it loads' }).click();

  const tree = top.getByRole('tree', { name: 'Every library it loads' });
  await expect(tree).toBeVisible({ timeout: 30_000 });
  // The library that lacks the functions is marked, with them on its node; KERNEL32 is there, unmarked, as Windows finds it.
  await expect(tree.locator('.tree-bad')).toHaveCount(1);
  await expect(tree.locator('.tree-bad')).toContainText('python36.dll');
  await expect(tree.getByText('PySlice_Unpack').first()).toBeVisible();
  const kernel32 = tree.locator('li.tree-leaf').filter({ has: wizard.locator('.tree-name', { hasText: /^KERNEL32\.dll$/ }) }).first();
  await expect(kernel32).toContainText('KnownDLLs');
  // No file stands behind it in a copied folder: no path is shown for it.
  await expect(kernel32.locator('.tree-path')).toHaveCount(0);
  // Python 3.6's search order, in words.
  await top.getByText(/^Where the loader looks, in order/).click();
  await expect(top.locator('.search-path li')).toHaveCount(1);
  await expect(top.locator('.search-path li').first()).toContainText('folder of the module');
});

test('a DLL the loader skips for its CPU is marked in the whole tree, with the file it skipped', async ({ wizard }) => {
  test.setTimeout(120_000);
  const arch = await buildWrongArchitectureScenario(dir);
  const site = `${arch.prefix}\\Lib\\site-packages`;
  const error = `Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n  File "${site}\\fastmath\\__init__.py", line 1, in <module>\n    from . import _core\n${arch.errorText}\n`;
  const top = await diagnoseFromError(wizard, error);
  await top.getByRole('button', { name: 'Show every library it loads' }).click();
  const tree = top.getByRole('tree', { name: 'Every library it loads' });
  await expect(tree).toBeVisible({ timeout: 30_000 });
  const impl = tree.locator('li.tree-leaf').filter({ has: wizard.locator('.tree-name', { hasText: /^fastmath_impl\.dll$/i }) });
  await expect(impl.locator('.tree-bad')).toHaveCount(1);
  await expect(impl).toContainText('The loader skipped a file of this name built for x86 (this Python is x64):');
  await expect(impl).toContainText(path.join(arch.prefix, 'Lib', 'site-packages', 'fastmath', 'fastmath_impl.dll'));
});
