import { Ajv } from 'ajv';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * electron-builder.yml cannot be built on these machines (electron-builder downloads the Windows
 * Electron archive and NSIS), so this checks what can be checked without them: the file against
 * electron-builder's own JSON schema, and every file it names.
 */
const root = path.resolve(import.meta.dirname, '../..');

type Config = Record<string, unknown> & {
  directories: { app: string; output: string; buildResources: string };
  files: string[];
  win: { target: { target: string }[]; icon: string; executableName: string };
  nsis: Record<string, unknown>;
  portable: { artifactName: string };
  linux: { target: { target: string }[]; icon: string };
  appImage: { artifactName: string };
  deb: { artifactName: string };
  mac: { target: { target: string; arch: string[] }[]; icon: string; category: string; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; artifactName: string };
  dmg: { artifactName: string };
  afterPack: string;
};

function loadConfig(): Config {
  return parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Config;
}

function builderSchemaValidator() {
  const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  // electron-builder's schema marks hooks as `typeof: function` (a keyword of its own validator).
  ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', validate: (type: string, data: unknown) => typeof data === type });
  return ajv.compile(schema);
}

/** Resolves a resource path the way electron-builder does: in buildResources first, then the project. */
function resolveResource(config: Config, relative: string): string | undefined {
  return [path.join(root, config.directories.buildResources, relative), path.join(root, relative)].find((p) => existsSync(p));
}

describe('electron-builder.yml', () => {
  const validate = builderSchemaValidator();

  it('is valid against electron-builder’s own schema', () => {
    const valid = validate(loadConfig());

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would be caught by that schema if a key were misspelled', () => {
    const config = loadConfig();

    expect(validate({ ...config, nsis: { ...config.nsis, oneclick: false } })).toBe(false);
  });

  it('names only files that exist: icons, the hook, the resources folder', () => {
    const config = loadConfig();
    const named = [
      config.win.icon,
      config.nsis.installerIcon as string,
      config.nsis.uninstallerIcon as string,
      config.nsis.installerHeaderIcon as string,
    ];

    for (const file of named) expect(resolveResource(config, file), file).toBeDefined();
    expect(statSync(path.join(root, config.directories.buildResources)).isDirectory()).toBe(true);
    expect(statSync(resolveResource(config, config.linux.icon)!).isDirectory()).toBe(true);
    expect(existsSync(path.join(root, config.afterPack))).toBe(true);
  });

  it('points afterPack at a module that exports the hook under the name electron-builder looks up', async () => {
    const hook = (await import(pathToFileURL(path.join(root, loadConfig().afterPack)).href)) as Record<string, unknown>;

    expect(typeof hook.afterPack).toBe('function');
  });

  it('packs only the built output from the project folder, never app/ as an app folder', () => {
    const config = loadConfig();
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; dependencies?: object };

    expect(config.directories).toEqual({ app: '.', output: 'release', buildResources: 'assets' });
    expect(config.files.filter((f) => !f.startsWith('!'))).toEqual(['dist/**', 'package.json']);
    expect(config.asar).toBe(true);
    expect(pkg.main.startsWith('dist/')).toBe(true);
    expect(pkg.dependencies ?? {}).toEqual({});
    // electron-builder would take app/ as the application folder if it held a package.json (STYLE.md §9).
    expect(existsSync(path.join(root, 'app', 'package.json'))).toBe(false);
  });

  it('builds a per-user NSIS installer that can elevate, with shortcuts, plus a portable exe', () => {
    const config = loadConfig();

    expect(config.win.target.map((t) => t.target)).toEqual(['nsis', 'portable']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true, createDesktopShortcut: 'always', createStartMenuShortcut: true });
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
  });

  it('builds a dmg and a zip for Apple silicon and Intel Macs, hardened, with only the JIT exception', () => {
    const config = loadConfig();
    const entitlements = readFileSync(resolveResource(config, config.mac.entitlements)!, 'utf8');

    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }, { target: 'zip', arch: ['arm64', 'x64'] }]);
    expect(config.mac).toMatchObject({ category: 'public.app-category.developer-tools', hardenedRuntime: true, entitlementsInherit: config.mac.entitlements });
    expect(resolveResource(config, config.mac.icon)).toBeDefined();
    expect([...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('puts the version in every artifact name', () => {
    const config = loadConfig();
    const names = [config.nsis.artifactName as string, config.portable.artifactName, config.appImage.artifactName, config.deb.artifactName, config.mac.artifactName, config.dmg.artifactName];

    for (const name of names) expect(name).toContain('${version}');
    expect(new Set(names).size).toBe(names.length);
  });

  it('holds no signing secret: certificates and passwords come from the environment only', () => {
    const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    const keys = new Set<string>();
    const collect = (value: unknown): void => {
      if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          collect(inner);
        }
      }
    };
    collect(parse(text));

    for (const secret of ['cscLink', 'cscKeyPassword', 'certificateFile', 'certificatePassword', 'certificateSha1']) {
      expect(keys.has(secret), secret).toBe(false);
    }
    expect(text).not.toMatch(/-----BEGIN|MII[A-Za-z0-9+/]{20}/);
  });
});
