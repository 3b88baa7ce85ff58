import process from 'node:process';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

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

/** The hook electron-builder calls (named export "afterPack", see app-builder-lib resolveFunction). */
export async function afterPack(context) {
  const testBuild = isTestBuild(process.env);
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === 3; // Arch.arm64
  process.stdout.write(`  • flipping Electron fuses for a ${testBuild ? 'TEST' : 'release'} build\n`);
  await context.packager.addElectronFuses(context, fuseConfig({ testBuild, resetAdHocDarwinSignature }));
}
