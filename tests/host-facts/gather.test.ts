import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elsewhereHostFacts, gatherHostFacts } from '../../app/host-facts/gather';
import { clearSessionHostFacts, sessionHostFacts } from '../../app/host-facts/session';
import { WINDOWS_HOST_PROBE } from '../../app/host-facts/windows-probe';
import { nodeHost } from '../../app/envs/host';
import { AVX2_CPU, MF_MISSING, MF_PRESENT, WIN_PYTHON, XEON_E5_2680_V2_FLAGS, cpuinfoOf, linuxFacts, windowsFacts, windowsMachine } from '../support/host-facts';

const N_EDITION = { productName: 'Windows 10 Pro N', editionId: 'ProfessionalN', build: '19045', ubr: 3803, displayVersion: '22H2' };

describe('host facts on Windows (the probe answer read through the EnvHost seam)', () => {
  it('reads an N edition without Media Foundation, the runtime copies, the CPU level and commit memory', async () => {
    const facts = await windowsFacts({
      edition: N_EDITION,
      mediaFoundation: MF_MISSING,
      runtimes: [{ name: 'msvcp140.dll', path: 'C:\\WINDOWS\\SYSTEM32\\msvcp140.dll', version: '14.29.30139.0', how: 'search' }],
      cpu: { flags: AVX2_CPU, vendor: 'GenuineIntel', model: 'Intel(R) Core(TM) i7-8700' },
      memory: { commitLimit: 20 * 1024 ** 3, commitAvailable: 1 * 1024 ** 3, physicalTotal: 16 * 1024 ** 3 },
    });
    expect(facts.windows).toMatchObject({ status: 'known', value: { editionId: 'ProfessionalN', build: 19045, nEdition: true } });
    expect(facts.mediaFoundation).toMatchObject({ status: 'known', value: { present: false } });
    expect(facts.vcRuntime).toMatchObject({ status: 'known', value: [{ name: 'msvcp140.dll', version: '14.29.30139.0' }] });
    // IsProcessorFeaturePresent has no CMOV, POPCNT or LAHF flag: no level is claimed, the gaps are listed.
    expect(facts.cpu).toMatchObject({ status: 'known', value: { avx: true, avx2: true, avx512f: false, level: null } });
    expect(facts.cpu.status === 'known' && facts.cpu.value.levelUnknownFeatures).toContain('cmov');
    expect(facts.memory).toMatchObject({ status: 'known', value: { commitLimit: 20 * 1024 ** 3 } });
  });

  it('says why each fact is absent when the probe cannot run', async () => {
    const host = windowsMachine({});
    const broken = { ...host, exec: async () => ({ stdout: '', stderr: 'The system cannot execute the specified program.', code: 1, signal: null, timedOut: false, spawnError: null }) };
    const facts = await gatherHostFacts(WIN_PYTHON, broken);
    for (const name of ['windows', 'mediaFoundation', 'vcRuntime', 'cpu', 'memory'] as const) {
      expect(facts[name]).toMatchObject({ status: 'absent' });
      expect(facts[name].status === 'absent' && facts[name].why).toContain('cannot execute');
    }
  });

  it('keeps a full edition with Media Foundation as present, not an N edition', async () => {
    const facts = await windowsFacts({ edition: { ...N_EDITION, productName: 'Windows 11 Pro', editionId: 'Professional', build: '22631' }, mediaFoundation: MF_PRESENT });
    expect(facts.windows).toMatchObject({ status: 'known', value: { nEdition: false, build: 22631 } });
    expect(facts.mediaFoundation).toMatchObject({ status: 'known', value: { present: true } });
  });

  it('reads the NVIDIA driver and CUDA version where nvidia-smi answers, and says so where it is not installed', async () => {
    const header = '+-----------------------------------------------------------------------------+\n| NVIDIA-SMI 531.79       Driver Version: 531.79       CUDA Version: 12.1     |\n';
    const withDriver = await windowsFacts({}, { csv: '531.79, NVIDIA GeForce RTX 3070\n', header });
    expect(withDriver.nvidia).toEqual({ status: 'known', source: 'nvidia-smi --query-gpu=driver_version,name --format=csv,noheader', messages: { source: { id: 'host.source.command', params: { command: 'nvidia-smi --query-gpu=driver_version,name --format=csv,noheader' } } }, value: { driverVersion: '531.79', cudaVersion: '12.1', gpus: ['NVIDIA GeForce RTX 3070'] } });
    const without = await windowsFacts({});
    expect(without.nvidia).toMatchObject({ status: 'absent', why: 'nvidia-smi is not installed or not on PATH.' });
  });
});

describe('host facts on Linux', () => {
  it('reads this machine\'s real /proc/cpuinfo and /proc/meminfo', async () => {
    const facts = await linuxFacts({ cpuinfo: readFileSync('/proc/cpuinfo', 'utf8'), meminfo: readFileSync('/proc/meminfo', 'utf8') });
    expect(facts.cpu.status).toBe('known');
    const flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:\s*(.*)$/m)?.[1]?.split(/\s+/) ?? [];
    expect(facts.cpu.status === 'known' && facts.cpu.value.avx2).toBe(flags.includes('avx2'));
    expect(facts.memory.status).toBe('known');
    expect(facts.windows).toMatchObject({ status: 'absent', why: 'This machine runs linux, not Windows.' });
  });

  it('takes the level from glibc\'s ld.so when a hypervisor hides a flag from /proc/cpuinfo (this machine)', async () => {
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    const ldsoHelp = execFileSync('/lib64/ld-linux-x86-64.so.2', ['--help'], { encoding: 'utf8' });
    const glibc = /x86-64-v(\d) \(supported/.exec(ldsoHelp)?.[1];
    const facts = await linuxFacts({ cpuinfo, ldsoHelp });
    expect(facts.cpu).toMatchObject({ status: 'known', value: { level: glibc ? `x86-64-v${glibc}` : expect.anything() } });
    expect(facts.cpu.status === 'known' && facts.cpu.source).toContain('ld-linux-x86-64.so.2 --help');
    // Where it was read is a message, so a German page says it in German (issue 26).
    expect(facts.cpu.status === 'known' && facts.cpu.messages?.source).toEqual(glibc ? { id: 'host.source.cpuinfo-ldso', params: { ldso: '/lib64/ld-linux-x86-64.so.2' } } : { id: 'host.source.cpuinfo' });
  });

  it('places an Ivy Bridge Xeon (AVX, no AVX2) at x86-64-v2', async () => {
    const facts = await linuxFacts({ cpuinfo: cpuinfoOf('Intel(R) Xeon(R) CPU E5-2680 v2 @ 2.80GHz', XEON_E5_2680_V2_FLAGS) });
    expect(facts.cpu).toMatchObject({ status: 'known', value: { avx: true, avx2: false, level: 'x86-64-v2', levelUnknownFeatures: [] } });
  });

  it('says why the CPU is unknown when /proc/cpuinfo has no flags (not x86)', async () => {
    const facts = await linuxFacts({ cpuinfo: 'processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\n' });
    expect(facts.cpu).toMatchObject({ status: 'absent' });
  });
});

describe('once per session', () => {
  it('runs the Windows probe once for two diagnoses of the same interpreter', async () => {
    clearSessionHostFacts();
    const host = windowsMachine({ edition: N_EDITION });
    await sessionHostFacts(WIN_PYTHON, host);
    await sessionHostFacts(WIN_PYTHON, host);
    expect(host.log.filter((l) => l.startsWith(WIN_PYTHON))).toHaveLength(1);
    clearSessionHostFacts();
  });
});

describe('an environment read on another machine', () => {
  it('knows none of that machine\'s facts and says how to read them there, not with the path of the copy here', () => {
    const facts = elsewhereHostFacts('/mnt/win/Python312/python.exe', 'windows');
    expect(facts.cpu).toMatchObject({ status: 'absent', howToCheck: 'Run Python DLL Doctor on that machine: python-dll-doctor diagnose --python <the python.exe of that environment>' });
    expect(JSON.stringify(facts.cpu)).not.toContain('/mnt/win');
    expect(elsewhereHostFacts('/mnt/mac/bin/python3', 'macos').memory).toMatchObject({ howToCheck: expect.stringContaining('--python <the python of that environment>') as string });
  });
});

describe('the Windows probe script', () => {
  it('is valid Python and prints only the platform off Windows', () => {
    const out = execFileSync('python3', ['-I', '-c', WINDOWS_HOST_PROBE], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ platform: 'linux' });
  });

  it('reads the real machine through nodeHost without a Windows probe', async () => {
    const facts = await gatherHostFacts('python3', nodeHost());
    expect(facts.platform).toBe('linux');
    expect(facts.cpu.status).toBe('known');
  });
});
