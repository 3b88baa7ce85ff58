import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The licence: a LICENSE file with the MIT text package.json declares, and the installer's licence
 * page showing it. The page is checked with electron-builder's own code (computeLicensePage, the
 * step that writes the NSIS script's licence page), offline.
 */
const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface NsisLicenseModule {
  computeLicensePage: (packager: unknown, options: { license?: string | null }, generator: { lines: string[]; macro: (name: string, lines: string[]) => void }, languages: string[]) => Promise<void>;
}
interface NsisGeneratorModule {
  NsisScriptGenerator: new () => { lines: string[]; macro: (name: string, lines: string[]) => void; build: () => string };
}
interface PlatformPackagerModule {
  PlatformPackager: { prototype: { getResource: (custom: string | null | undefined, ...names: string[]) => Promise<string | null> } };
}

describe('LICENSE', () => {
  const text = readFileSync(path.join(root, 'LICENSE'), 'utf8');

  it('is the MIT licence package.json declares, for the Python DLL Doctor developers', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    const lines = text.split(/\r\n/);
    expect(lines[0]).toBe('MIT License');
    expect(lines[2]).toMatch(/^Copyright \(c\) 20\d\d Python DLL Doctor developers$/);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction');
    expect(flat).toContain('The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.');
    expect(flat).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it('is plain ASCII with DOS line endings, as the NSIS licence page needs, in every checkout', () => {
    expect(text).toMatch(/^[\x20-\x7e\r\n]*$/);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    // The file is stored with LF; git writes CRLF on checkout because of this rule.
    expect(readFileSync(path.join(root, '.gitattributes'), 'utf8')).toMatch(/^LICENSE text eol=crlf$/m);
  });
});

describe("the installer's licence page", () => {
  it('is configured in electron-builder.yml (the schema check is in electron-builder-config.test.ts)', () => {
    const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { nsis: { license?: string; oneClick: boolean }; copyright: string };
    expect(config.nsis.license).toBe('LICENSE');
    expect(config.copyright).toContain('Python DLL Doctor developers');
  });

  it('is what electron-builder writes into the NSIS script: LICENSE from the project folder', async () => {
    const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { nsis: { license: string }; directories: { buildResources: string } };
    // The package's entry first: its modules import each other in that order.
    const { PlatformPackager } = require('app-builder-lib') as PlatformPackagerModule;
    const { computeLicensePage } = require('app-builder-lib/out/targets/nsis/nsisLicense') as NsisLicenseModule;
    const { NsisScriptGenerator } = require('app-builder-lib/out/targets/nsis/nsisScriptGenerator') as NsisGeneratorModule;
    const buildResourcesDir = path.join(root, config.directories.buildResources);
    // Only what getResource reads of a real packager: the resources folder and the project folder.
    const packager = { info: { buildResourcesDir }, projectDir: root, resourceList: readdir(buildResourcesDir), getResource: PlatformPackager.prototype.getResource };
    const script = new NsisScriptGenerator();
    await computeLicensePage(packager, config.nsis, script, ['en_US']);
    expect(script.build()).toContain(`!insertmacro MUI_PAGE_LICENSE "${path.join(root, 'LICENSE')}"`);
  });
});
