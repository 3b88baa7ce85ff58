import { describe, expect, it } from 'vitest';
import { elsewhereHostFacts } from '../../app/host-facts/gather';
import { localText } from '../../app/messages';
import { HOST_FACT_ORDER, hostFactLines } from '../../renderer/wizard/host-fact-lines';
import { AVX2_CPU, MF_MISSING, XEON_E5_2680_V2_FLAGS, cpuinfoOf, linuxFacts, windowsFacts } from '../support/host-facts';

const size = (n: number): string => `${Math.round(n / 1024 ** 3)} GB`;

describe('the lines of the machine\'s facts in the wizard', () => {
  it('words an N edition, the missing Media Foundation DLLs, the CPU and the commit memory', async () => {
    const host = await windowsFacts({
      edition: { productName: 'Windows 11 Pro N', editionId: 'ProfessionalN', build: '22631' },
      mediaFoundation: MF_MISSING,
      cpu: { flags: AVX2_CPU, vendor: 'AuthenticAMD', model: 'AMD Ryzen 7 5800H' },
      memory: { commitLimit: 24 * 1024 ** 3, commitAvailable: 2 * 1024 ** 3, physicalTotal: 16 * 1024 ** 3 },
    });
    const lines = hostFactLines(host, size);
    expect(lines.map((l) => l.name)).toEqual([...HOST_FACT_ORDER]);
    expect(lines[0]).toMatchObject({ status: 'known', key: 'hostFacts.value.windowsN', values: { edition: 'ProfessionalN', build: 22631 } });
    expect(lines[1]).toMatchObject({ key: 'hostFacts.value.mfMissing', values: { names: 'mf.dll, mfplat.dll, mfreadwrite.dll' } });
    expect(lines[3]).toMatchObject({ key: 'hostFacts.value.cpu', values: { avx2: 'yes', avx512: 'no' } });
    expect(lines[4]).toMatchObject({ values: { available: '2 GB', limit: '24 GB' } });
    // nvidia-smi was not recorded on that machine: said why.
    expect(lines[5]).toMatchObject({ status: 'absent', why: 'nvidia-smi is not installed or not on PATH.' });
  });

  it('carries where each fact was read with its message, so "Dieser Computer" says it in German', async () => {
    const ldsoHelp = 'Subdirectories of glibc-hwcaps directories, in priority order:\n  x86-64-v3\n  x86-64-v2 (supported, searched)\n';
    const [cpu] = hostFactLines(await linuxFacts({ cpuinfo: cpuinfoOf('Intel(R) Xeon(R) CPU E5-2680 v2 @ 2.80GHz', XEON_E5_2680_V2_FLAGS), ldsoHelp }), size).filter((l) => l.name === 'cpu');
    expect(cpu?.status === 'known' && localText(cpu, 'source', 'de')).toBe('/proc/cpuinfo; Stufe aus /lib64/ld-linux-x86-64.so.2 --help');
    const conda = hostFactLines(await windowsFacts({}), size).find((l) => l.name === 'condaDllSearchModification');
    expect(conda?.status === 'known' && [localText(conda, 'source', 'en'), localText(conda, 'source', 'de')]).toEqual(["this session's environment variables", 'den Umgebungsvariablen dieser Sitzung']);
  });

  it('gives why and how for every fact of a machine it did not read', () => {
    const lines = hostFactLines(elsewhereHostFacts('/mnt/win/python.exe', 'windows'), size);
    expect(lines.every((l) => l.status === 'absent' && l.howToCheck.includes('python-dll-doctor diagnose'))).toBe(true);
  });
});
