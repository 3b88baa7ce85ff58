import { existsSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

/**
 * electron-builder afterPack hook: flips the Electron fuses of the packed app, before it is signed.
 *
 * Fuses are bits in the Electron binary that turn features off at package time, where no code or
 * environment variable can turn them back on (https://www.electronjs.org/docs/latest/tutorial/fuses,
 * Electron security checklist item 20). Release builds close everything that lets someone run other
 * code with our binary. A test build (DOCTOR_TEST_BUILD=1) keeps only the --inspect family open,
 * because Playwright drives Electron through it and hangs without it.
 */

/** The environment variable that marks a test build. */
export const TEST_BUILD_VARIABLE = 'DOCTOR_TEST_BUILD';

/** True when the environment asks for a test build; any value other than "1" or unset is an error. */
export function isTestBuild(env) {
  const value = env[TEST_BUILD_VARIABLE];
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new Error(`${TEST_BUILD_VARIABLE} must be 1 (test build), or 0 or unset (release build), not ${JSON.stringify(value)}.`);
}

/**
 * The fuse settings for a release or a test build; every fuse is written, and strictlyRequireAllFuses
 * makes the build fail when a newer Electron adds a fuse nobody has decided on yet.
 */
export function fuseConfig({ testBuild, resetAdHocDarwinSignature = false }) {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature,
    // ELECTRON_RUN_AS_NODE would turn our signed binary into a plain Node for anyone.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS could preload any script into the main process.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect would let any local process attach a debugger; test builds need it for Playwright.
    [FuseV1Options.EnableNodeCliInspectArguments]: testBuild,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // Our pages come from app://, never file://: file pages get no extra rights.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // Electron's default: WebAssembly keeps its trap-handler based bounds checks.
    [FuseV1Options.WasmTrapHandlers]: true,
  };
}

/**
 * The Electron binary electron-builder just packed, named as electron-builder names it
 * (app-builder-lib platformPackager addElectronFuses: productFilename, which is executableName when
 * set, and the Linux packager's executableName).
 */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    default:
      throw new Error(`No Electron binary known for platform ${electronPlatformName}.`);
  }
}

/**
 * A Windows package must carry the native watchdog (electron-builder.yml win.extraResources, built
 * by scripts/build-windows-watchdog.ts): without it the app's children would outlive a crashed app.
 * electron-builder skips an extra resource whose source is missing, so this fails the build instead.
 * Returns why the package is incomplete, or null.
 */
export function missingWindowsWatchdog(context) {
  if (context.electronPlatformName !== 'win32') return null;
  const exe = path.join(context.appOutDir, 'resources', 'doctor-watchdog.exe');
  return existsSync(exe) ? null : `${exe} is missing: build it with mingw-w64 (npm run build prints why it skipped dist/windows/doctor-watchdog.exe).`;
}

/**
 * The hook electron-builder calls (named export "afterPack", see app-builder-lib resolveFunction).
 *
 * It flips the fuses with our own @electron/fuses rather than packager.addElectronFuses: electron-builder
 * 26 bundles @electron/fuses 1.8, which knows only 8 of Electron 45's 9 fuses, so a strict config fails
 * there. The wire is read back afterwards; a fuse not in the state we set fails the build.
 */
export async function afterPack(context) {
  const missing = missingWindowsWatchdog(context);
  if (missing) throw new Error(missing);
  const testBuild = isTestBuild(process.env);
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === 3; // Arch.arm64
  const binary = electronBinaryPath(context);
  const config = fuseConfig({ testBuild, resetAdHocDarwinSignature });
  process.stdout.write(`  • flipping Electron fuses for a ${testBuild ? 'TEST' : 'release'} build  binary=${binary}\n`);
  await flipFuses(binary, config);
  const wire = await getCurrentFuseWire(binary);
  for (const [index, wanted] of Object.entries(config)) {
    if (!/^\d+$/.test(index)) continue;
    const expected = wanted ? FuseState.ENABLE : FuseState.DISABLE;
    if (wire[index] !== expected && wire[index] !== FuseState.REMOVED) {
      throw new Error(`Fuse ${FuseV1Options[index]} reads ${wire[index]} after flipping, expected ${expected}.`);
    }
  }
}
