import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOffline, peMachine } from '../../app/envs/offline';
import { checkHealth } from '../../app/envs/health';
import { makeTempDir } from '../support/venv';
import { writeCondaPackage } from './conda-record';

/** The smallest PE image header: "MZ", e_lfanew at 0x3c, "PE\0\0", Machine (pe-format#machine-types). */
function peHeader(machine: number): Buffer {
  const b = Buffer.alloc(0x100);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(machine, 0x84);
  return b;
}

const recordHash = (content: string | Buffer): string => `sha256=${createHash('sha256').update(content).digest('base64url')}`;

async function distInfo(site: string, name: string, version: string, opts: { installer: string; tag: string; files: Record<string, string>; requires?: string[] }): Promise<void> {
  const di = path.join(site, `${name}-${version}.dist-info`);
  await mkdir(di, { recursive: true });
  const rows: string[] = [];
  for (const [rel, content] of Object.entries(opts.files)) {
    const file = path.join(site, ...rel.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    rows.push(`${rel},${recordHash(content)},${Buffer.byteLength(content)}`);
  }
  await writeFile(path.join(di, 'METADATA'), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n${(opts.requires ?? []).map((r) => `Requires-Dist: ${r}\n`).join('')}\n`);
  await writeFile(path.join(di, 'INSTALLER'), `${opts.installer}\n`);
  await writeFile(path.join(di, 'WHEEL'), `Wheel-Version: 1.0\nGenerator: bdist_wheel (0.29.0)\nRoot-Is-Purelib: false\nTag: ${opts.tag}\n`);
  rows.push(`${name}-${version}.dist-info/RECORD,,`);
  await writeFile(path.join(di, 'RECORD'), `${rows.join('\n')}\n`);
}

describe('offline description of a Windows conda environment copied to this machine', () => {
  let root: string;
  let prefix: string;
  beforeAll(async () => {
    root = await makeTempDir('offline');
    prefix = path.join(root, 'Anaconda3 envs', 'py36 ünï');
    await mkdir(prefix, { recursive: true });
    await writeFile(path.join(prefix, 'python.exe'), peHeader(0x8664));
    await writeFile(path.join(prefix, 'python36.dll'), peHeader(0x8664));
    await writeCondaPackage(prefix, {
      name: 'python', version: '3.6.0', build: '0',
      files: { 'python.exe': 'stand-in', 'Lib/os.py': '# os\n' },
    });
    await writeFile(path.join(prefix, 'python.exe'), peHeader(0x8664)); // the record's file differs: an altered file
    await writeCondaPackage(prefix, {
      name: 'pillow', version: '4.0.0', build: 'py36_0', depends: ['python >=3.6,<3.7.0a0', 'libtiff 4.0.*'],
      files: { 'Lib/site-packages/PIL/_imaging.cp36-win_amd64.pyd': 'conda pillow pyd', 'Library/bin/libtiff.dll': 'tiff' },
    });
    const site = path.join(prefix, 'Lib', 'site-packages');
    // pip installed Pillow 4.1.0 over conda's 4.0.0: overwrote the .pyd.
    await distInfo(site, 'Pillow', '4.1.0', { installer: 'pip', tag: 'cp36-cp36m-win_amd64', files: { 'PIL/_imaging.cp36-win_amd64.pyd': 'pip pillow pyd', 'PIL/__init__.py': '' } });
    await distInfo(site, 'fastlib', '2.0', { installer: 'pip', tag: 'cp37-cp37m-win32', files: { 'fastlib/_speed.cp37-win32.pyd': 'x' }, requires: ['numpy>=1.11', "pywin32; sys_platform == 'win32'"] });
    await mkdir(path.join(prefix, 'Library', 'bin'), { recursive: true });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads version, architecture, packages and DLL folders from files, saying where each fact came from', async () => {
    const d = await describeOffline(prefix);
    expect(d.status).toBe('offline');
    expect(d.interpreterRuns).toBe(0);
    expect(d.kind).toBe('conda');
    expect(d.python).toMatchObject({ version: '3.6.0', architecture: 'x86_64', bits: 64, platform: 'win32', abiTag: 'cp36m', platformTags: ['win_amd64'] });
    expect(d.python?.extensionSuffixes).toEqual(['.cp36-win_amd64.pyd', '.pyd']);
    expect(d.evidence).toEqual(['version 3.6.0: conda-meta record python-3.6.0-0.json', 'architecture x86_64: PE header of python.exe']);
    expect(d.dllDirectories).toEqual([path.join(prefix, 'Library', 'bin')]);
    expect(d.condaRecords.map((r) => `${r.name}=${r.version}=${r.build}`)).toEqual(['pillow=4.0.0=py36_0', 'python=3.6.0=0']);
    expect(d.condaRecords[0]?.depends).toEqual(['python >=3.6,<3.7.0a0', 'libtiff 4.0.*']);
    const pillow = d.distributions.find((x) => x.name === 'Pillow')!;
    expect(pillow.extensionModules).toEqual(['PIL/_imaging.cp36-win_amd64.pyd']);
  });

  it('falls back to the pythonXY.dll name for the version', async () => {
    const bare = path.join(root, 'bare');
    await mkdir(path.join(bare, 'Lib', 'site-packages'), { recursive: true });
    await writeFile(path.join(bare, 'python37.dll'), peHeader(0x14c));
    const d = await describeOffline(bare);
    expect(d.python).toMatchObject({ version: '3.7', architecture: 'x86', bits: 32, platformTags: ['win32'], abiTag: 'cp37m' });
    expect(d.evidence).toEqual(['version 3.7: python37.dll (minor version only)', 'architecture x86: PE header of python37.dll']);
  });

  it('finds pip over conda, altered conda files, wrong wheel tags and unmet requirements', async () => {
    const d = await describeOffline(prefix);
    const health = await checkHealth(d);
    const summary = health.issues.map((i) => `${i.check}:${i.package}`);
    expect(summary).toContain('pip-conda-overlap:Pillow');
    expect(summary).toContain('altered-file:pillow'); // conda's pyd was overwritten by pip's
    expect(summary).toContain('incompatible-wheel:fastlib'); // cp37 win32 in a cp36 amd64 environment
    expect(summary).toContain('requirement-missing:fastlib'); // numpy; pywin32 too since the environment is win32
    expect(health.issues.filter((i) => i.check === 'requirement-missing').map((i) => i.detail)).toEqual(['numpy>=1.11', "pywin32; sys_platform == 'win32'"]);
    expect(summary).not.toContain('incompatible-wheel:Pillow');
    // python.exe is not a native file by the default policy (only .pyd/.dll/.so hashed) but exists.
    expect(summary.filter((s) => s.startsWith('missing-file'))).toEqual([]);
    const all = await checkHealth(d, { verifyHashes: 'all' });
    expect(all.issues.map((i) => `${i.check}:${i.package}:${path.basename(i.detail)}`)).toContain('altered-file:python:python.exe');
  });

  it('describes a Linux conda prefix from conda-meta and lib/pythonX.Y', async () => {
    const linux = path.join(root, 'miniforge3', 'envs', 'ml');
    await writeCondaPackage(linux, { name: 'python', version: '3.11.7', build: 'hab00c5b_1_cpython', subdir: 'linux-64', files: { 'lib/python3.11/os.py': '# os\n' } });
    await writeCondaPackage(linux, { name: 'libzlib', version: '1.2.13', build: 'hd590300_5', subdir: 'linux-64', files: { 'lib/libz.so.1.2.13': 'elf' } });
    await mkdir(path.join(linux, 'lib', 'python3.11', 'site-packages'), { recursive: true });
    const d = await describeOffline(linux);
    expect(d.kind).toBe('conda');
    expect(d.python).toMatchObject({ version: '3.11.7', platform: 'linux', abiTag: 'cp311' });
    expect(d.sitePackages).toEqual([path.join(linux, 'lib', 'python3.11', 'site-packages')]);
    expect(d.dllDirectories).toEqual([path.join(linux, 'lib')]);
    const health = await checkHealth(d);
    expect(health.issues).toEqual([]);
    expect(health.filesHashed).toBe(1); // the .so; os.py only checked for presence
  });

  it('uses sha256_in_prefix for files conda rewrote and trusts no RECORD without INSTALLER', async () => {
    const prefix2 = path.join(root, 'relocated');
    const site = path.join(prefix2, 'lib', 'python3.11', 'site-packages');
    await writeCondaPackage(prefix2, { name: 'python', version: '3.11.7', build: '0', subdir: 'linux-64', files: { 'lib/libpython3.11.so.1.0': 'original' } });
    const meta = path.join(prefix2, 'conda-meta', 'python-3.11.7-0.json');
    const record = JSON.parse(await (await import('node:fs/promises')).readFile(meta, 'utf8')) as { paths_data: { paths: Record<string, unknown>[] } };
    // conda replaced the build prefix inside the library while linking: the file differs from the package.
    await writeFile(path.join(prefix2, 'lib', 'libpython3.11.so.1.0'), 'relocated');
    Object.assign(record.paths_data.paths[0]!, { prefix_placeholder: '/opt/anaconda1anaconda2anaconda3', file_mode: 'binary', sha256_in_prefix: createHash('sha256').update('relocated').digest('hex') });
    await writeFile(meta, JSON.stringify(record));
    // A system-managed distribution (no INSTALLER) whose .so no longer matches RECORD, as Debian ships them.
    await distInfo(site, 'PyYAML', '6.0', { installer: 'pip', tag: 'cp311-cp311-linux_x86_64', files: { '_yaml.cpython-311-x86_64-linux-gnu.so': 'built' } });
    await rm(path.join(site, 'PyYAML-6.0.dist-info', 'INSTALLER'));
    await writeFile(path.join(site, '_yaml.cpython-311-x86_64-linux-gnu.so'), 'stripped');
    const health = await checkHealth(await describeOffline(prefix2));
    expect(health.issues).toEqual([]);
    // Now something overwrites the relocated library.
    await writeFile(path.join(prefix2, 'lib', 'libpython3.11.so.1.0'), 'overwritten');
    const after = await checkHealth(await describeOffline(prefix2));
    expect(after.issues.map((i) => `${i.check}:${i.package}`)).toEqual(['altered-file:python']);
  });

  it('reads the PE machine field and rejects non-PE bytes', () => {
    expect(peMachine(peHeader(0xaa64))).toBe('arm64');
    expect(peMachine(Buffer.from('#!/bin/sh\n'.padEnd(0x100)))).toBeNull();
  });

  it('says plainly when a folder is not an environment', async () => {
    const empty = path.join(root, 'empty');
    await mkdir(empty, { recursive: true });
    const d = await describeOffline(empty);
    expect(d.python).toBeNull();
    expect(d.message).toMatch(/does not look like a Python environment/);
  });
});
