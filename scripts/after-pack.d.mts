import type { FuseV1Config } from '@electron/fuses';

/** Types of after-pack.mjs (a plain ES module, because electron-builder loads it without a TypeScript loader). */
export declare const TEST_BUILD_VARIABLE: 'DOCTOR_TEST_BUILD';
export declare function isTestBuild(env: Readonly<Record<string, string | undefined>>): boolean;
export declare function fuseConfig(options: { testBuild: boolean; resetAdHocDarwinSignature?: boolean }): FuseV1Config;

/** The part of electron-builder's AfterPackContext the hook uses. */
export interface AfterPackContextLike {
  readonly electronPlatformName: string;
  readonly arch: number;
  readonly appOutDir: string;
  readonly packager: { readonly appInfo: { readonly productFilename: string }; readonly executableName?: string };
}
export declare function electronBinaryPath(context: AfterPackContextLike): string;
export declare function missingWindowsWatchdog(context: Pick<AfterPackContextLike, 'electronPlatformName' | 'appOutDir'>): string | null;
export declare function afterPack(context: AfterPackContextLike): Promise<void>;
