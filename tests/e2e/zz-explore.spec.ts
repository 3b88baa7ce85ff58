import { test } from './support/app-fixture';
test('explore', async ({ wizard }) => {
  await wizard.waitForTimeout(1500);
  await wizard.screenshot({ path: '/tmp/wiz/start.png' });
  await wizard.getByLabel('The error').fill('x'.repeat(300000) + '\nImportError: DLL load failed: The specified procedure could not be found.');
  await wizard.waitForTimeout(1000);
  await wizard.screenshot({ path: '/tmp/wiz/after.png' });
});
