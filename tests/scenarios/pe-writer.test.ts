import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModule } from '../../app/binary';
import { writePe } from './support/pe-writer';
import { hasObjdump } from '../binary/support/objdump';

describe('writePe (scenario support)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pe-writer-'));
  const spec = { name: '_imaging.pyd', exports: ['PyInit__imaging'], imports: { 'python36.dll': ['PySlice_Unpack', 'PyArg_ParseTuple'], 'KERNEL32.dll': ['GetProcAddress', 17] } };

  it('writes PE32+ and PE32 files that app/binary reads back as written', async () => {
    for (const machine of ['x64', 'x86'] as const) {
      const file = join(dir, `${machine}.dll`);
      writeFileSync(file, writePe({ ...spec, machine }));
      const module = await readModule(file);
      expect(module.format).toBe('pe');
      if (module.format !== 'pe') continue;
      expect(module.machine).toBe(machine);
      expect(JSON.stringify(module)).toContain('PySlice_Unpack');
      expect(JSON.stringify(module)).toContain('PyInit__imaging');
    }
  });

  it.runIf(hasObjdump())('is read the same way by binutils objdump (an independent reader)', () => {
    const file = join(dir, 'check.dll');
    writeFileSync(file, writePe({ ...spec, machine: 'x64' }));
    const dump = execFileSync('objdump', ['-p', file], { encoding: 'utf8' });
    expect(dump).toContain('pei-x86-64');
    expect(dump).toMatch(/DLL Name: python36\.dll[\s\S]*PySlice_Unpack[\s\S]*PyArg_ParseTuple/);
    expect(dump).toMatch(/\] PyInit__imaging/);
  });

  it.runIf(hasObjdump())('writes the linker version objdump and app/binary both read', async () => {
    const file = join(dir, 'linker.dll');
    writeFileSync(file, writePe({ ...spec, machine: 'x64', linkerVersion: [14, 29] }));
    const dump = execFileSync('objdump', ['-p', file], { encoding: 'utf8' });
    expect(dump).toMatch(/MajorLinkerVersion\s+14\b/);
    expect(dump).toMatch(/MinorLinkerVersion\s+29\b/);
    expect(await readModule(file)).toMatchObject({ linkerVersion: { major: 14, minor: 29 } });
  });
});
