import { readdirSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error eslint.config.js is plain JavaScript without type declarations.
import { appFloors } from '../../eslint.config.js';

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

  it("lets the renderer import the engine's message catalogs at run time, but not their zod schemas", async () => {
    expect(await restrictedImportErrors("import { formatMessage } from '../app/messages';\nexport const x = formatMessage;\n", 'renderer/some-view.tsx')).toEqual([]);
    expect(await restrictedImportErrors("import { messageRefSchema } from '../app/messages/schema';\nexport const x = messageRefSchema;\n", 'renderer/some-view.tsx')).toHaveLength(1);
  });

  it('forbids the browser-mode host to import electron', async () => {
    expect(await restrictedImportErrors("import { app } from 'electron';\nexport const x = app;\n", 'main/web/some-host.ts')).toHaveLength(1);
  });

  it('keeps every floor of the engine from importing a floor above it', async () => {
    const upward: [string, string][] = [
      ['app/binary/some-reader.ts', '../envs'],
      ['app/binary/some-reader.ts', '../diagnosis/types'],
      ['app/envs/some-check.ts', '../diagnosis/facts/facts'],
      ['app/envs/some-check.ts', '../repair/plan'],
      ['app/diagnosis/some-rule.ts', '../repair/versions'],
      ['app/diagnosis/offline/some-rule.ts', '../../repair'],
      ['app/package-index/some-client.ts', '../repair/types'],
      ['app/repair/some-step.ts', '../contract/values'],
      ['app/contract/some-entry.ts', '../api/load-graph'],
      ['app/api/some-handler.ts', '../cli/exit-codes'],
      ['app/base/some-helper.ts', '../process/run-process'],
    ];
    for (const [file, spec] of upward) {
      expect(await restrictedImportErrors(`import { x } from '${spec}';\nexport const y = x;\n`, file), `${file} -> ${spec}`).toEqual([expect.stringMatching(/may not import a floor above it/)]);
    }
  });

  it('lets every floor import its own floor and the floors below it', async () => {
    const downward: [string, string][] = [
      ['app/binary/some-reader.ts', './pe-reader'],
      ['app/envs/some-check.ts', '../base/package-spec'],
      ['app/diagnosis/some-rule.ts', '../package-index/index-versions'],
      ['app/diagnosis/some-rule.ts', '../binary'],
      ['app/repair/some-step.ts', '../diagnosis/types'],
      ['app/cli/commands/some-command.ts', '../../api/engine-handlers'],
    ];
    for (const [file, spec] of downward) {
      expect(await restrictedImportErrors(`import { x } from '${spec}';\nexport const y = x;\n`, file), `${file} -> ${spec}`).toEqual([]);
    }
  });

  it('lets the rest of the engine reach app/envs only through its index', async () => {
    expect(await restrictedImportErrors("import { checkHealth } from '../envs/health';\nexport const x = checkHealth;\n", 'app/repair/some-step.ts')).toEqual([expect.stringMatching(/through its index/)]);
    expect(await restrictedImportErrors("import { checkHealth } from '../envs';\nexport const x = checkHealth;\n", 'app/repair/some-step.ts')).toEqual([]);
    expect(await restrictedImportErrors("import { checkHealth } from './health';\nexport const x = checkHealth;\n", 'app/envs/some-check.ts')).toEqual([]);
    // The contract's wire types take envs' plain types module (the renderer's type check loads no Node code), nothing else.
    expect(await restrictedImportErrors("import type { HealthReport } from '../envs/types';\nexport type X = HealthReport;\n", 'app/contract/some-entry.ts')).toEqual([]);
    expect(await restrictedImportErrors("import type { HealthReport } from '../envs/health';\nexport type X = HealthReport;\n", 'app/contract/some-entry.ts')).toEqual([expect.stringMatching(/through its index/)]);
    expect(await restrictedImportErrors("import type { HealthReport } from '../envs/types';\nexport type X = HealthReport;\n", 'app/repair/some-step.ts')).toEqual([expect.stringMatching(/through its index/)]);
  });

  it('keeps zod and the schemas out of the preload: operation names at run time, types from anywhere', async () => {
    expect(await restrictedImportErrors("import { operations } from '../app/contract/contract';\nexport const x = operations;\n", 'main/preload.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { operationNames } from '../app/contract/operation-names';\nimport type { WireApi } from '../app/contract/contract';\nexport const x: WireApi | string[] = [...operationNames];\n", 'main/preload.ts')).toEqual([]);
  });

  it('puts every folder of the engine on a floor, so a new folder cannot escape the layer rules', () => {
    const folders = readdirSync('app', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const unplaced = folders.filter((f) => !(appFloors as string[]).includes(f));
    expect(unplaced, 'add each to appFloors in eslint.config.js, above what it imports').toEqual([]);
    // The list names no folder that is gone either: each floor is a folder of app/.
    expect((appFloors as string[]).filter((f) => !folders.includes(f))).toEqual([]);
  });
});
