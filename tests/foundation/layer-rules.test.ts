import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layer rules (eslint)', () => {
  it('forbids the engine to import electron or react', async () => {
    expect(await restrictedImportErrors("import { app } from 'electron';\nexport const x = app;\n", 'app/some-module.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { useState } from 'react';\nexport const x = useState;\n", 'app/some-module.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { x } from '../main/ipc';\nexport const y = x;\n", 'app/some-module.ts')).toHaveLength(1);
  });

  it('forbids the renderer to import Node built-ins, electron or engine runtime code', async () => {
    expect(await restrictedImportErrors("import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n", 'renderer/some-view.tsx')).toHaveLength(1);
    expect(await restrictedImportErrors("import path from 'path';\nexport const x = path;\n", 'renderer/some-view.tsx')).toHaveLength(1);
    expect(await restrictedImportErrors("import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", 'renderer/some-view.tsx')).toHaveLength(1);
    expect(await restrictedImportErrors("import { dispatch } from '../app/contract/dispatch';\nexport const x = dispatch;\n", 'renderer/some-view.tsx')).toHaveLength(1);
  });

  it('lets the renderer import types from the engine', async () => {
    expect(await restrictedImportErrors("import type { DoctorApi } from '../app/contract/contract';\nexport type X = DoctorApi;\n", 'renderer/some-view.tsx')).toEqual([]);
  });

  it('forbids the browser-mode host to import electron', async () => {
    expect(await restrictedImportErrors("import { app } from 'electron';\nexport const x = app;\n", 'main/web/some-host.ts')).toHaveLength(1);
  });
});
