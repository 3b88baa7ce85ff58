import { describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import type { DiagnosisDeps, EnvironmentFacts, ImportOutcome, LoadFinding, PackageFacts } from '../../app/diagnosis/facts/facts';
import { diagnosisSchema } from '../../app/diagnosis/types';
import type { Diagnosis, SearchDirectory } from '../../app/diagnosis/types';
import type { HostFacts } from '../../app/host-facts/types';
import { english, formatMessage } from '../../app/messages';
import { buildReport } from '../../app/report/build-report';
import { renderHtml } from '../../app/report/render-html';
import { renderMarkdown } from '../../app/report/render-markdown';
import { describedEnvironment, distributionRecord } from '../support/distribution';
import { MF_MISSING, XEON_E5_2680_V2_FLAGS, cpuinfoOf, linuxFacts, windowsFacts } from '../support/host-facts';
import { englishSentencesIn, engineSentences } from './engine-sentences';
import { cleanHealthReport } from '../support/health-report';

// The causes of the host rules (app/diagnosis/host) in a German report: every sentence they write is
// a message, and none reaches the German HTML or Markdown in English.

const PY = 'C:\\Py311';
const SITE = `${PY}\\Lib\\site-packages`;
const SYS32 = 'C:\\Windows\\System32';

function windowsEnv(name: string, version: string, module: string, file: string): EnvironmentFacts {
  const pkg: PackageFacts = { name, version, distribution: distributionRecord(name, version, SITE, {}), condaRecord: null, files: [file], extensionModules: [{ module, path: file }] };
  return { python: `${PY}\\python.exe`, description: describedEnvironment({ prefix: PY, interpreter: `${PY}\\python.exe`, version: '3.11.9', platform: 'win32', architecture: 'x64', kind: 'system', status: 'ok' }), packages: [pkg] };
}

async function diagnosed(env: EnvironmentFacts, module: string, finding: LoadFinding, outcome: ImportOutcome, host: HostFacts): Promise<Diagnosis> {
  const deps: DiagnosisDeps = {
    describeEnvironment: async () => env,
    importModule: async () => outcome,
    simulateLoad: async (_e, ext) => ({ root: ext.path, resolved: [], findings: [finding] }),
    healthChecks: async () => cleanHealthReport(),
    availableVersions: async () => [],
    hostFacts: async () => host,
  };
  return diagnosisSchema.parse(await diagnose({ python: env.python, module }, deps, () => {}, { files: { exists: () => true, canonical: (p: string) => p } }));
}

function expectGermanOnly(diagnosis: Diagnosis): void {
  const said = engineSentences(diagnosis);
  expect(said.filter((s) => !s.ref || english(s.ref) !== s.text).map((s) => `${s.field}: ${s.text}`)).toEqual([]);
  const report = buildReport({ diagnosis, appVersion: '0.1.0', os: { platform: 'win32', release: '10.0.19045', arch: 'x64' }, now: () => new Date('2026-12-07T06:00:00Z') });
  const html = renderHtml(report, { redact: false, language: 'de' });
  const markdown = renderMarkdown(report, { redact: false, language: 'de' });
  expect(html).toContain('<h1>Problem gefunden</h1>');
  expect(englishSentencesIn(html), 'HTML').toEqual([]);
  expect(englishSentencesIn(markdown), 'Markdown').toEqual([]);
  expect(markdown).toContain('Wahrscheinlichste Ursache: ');
  // The report's own words: the environment table, the dependency chain's headers, this computer.
  expect(markdown).toContain('| Art | Python-Installation, 1 Paket |');
  expect(html).toContain('<th scope="row">Ordner der Umgebung</th>');
  expect(markdown).toContain('| Datei | Braucht | Aufgelöst zu | Gefunden über | Besitzer |');
  expect(html).toContain('<h2>Dieser Rechner</h2>');
  expect(markdown).toContain('- **Prozessor**: ');
  for (const english of ['This computer', 'Resolved to', '| Type |', 'Python installation', 'Problem found']) expect(`${html}\n${markdown}`).not.toContain(english);
  for (const s of said) {
    const german = formatMessage(s.ref!, 'de');
    if (german === s.text) continue;
    expect(html, s.field).not.toContain(s.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    expect(markdown.includes(s.text), `${s.field}: "${s.text}"`).toBe(false);
  }
}

describe('a German report of a host-rule cause', () => {
  // magika#1099 / onnxruntime#24843: a module built by the 14.4x toolset under an older msvcp140.dll.
  it('writes the outdated Visual C++ runtime copy, its evidence and fixes in German', async () => {
    const pyd = `${SITE}\\onnxruntime\\capi\\onnxruntime_pybind11_state.pyd`;
    const module = 'onnxruntime.capi.onnxruntime_pybind11_state';
    const env = windowsEnv('onnxruntime', '1.22.0', module, pyd);
    const finding: LoadFinding = { kind: 'missing-symbols', chain: [{ file: pyd, needs: 'MSVCP140.dll', resolvedPath: `${SYS32}\\msvcp140.dll`, foundBy: 'System32', owner: null }], importer: pyd, provider: `${SYS32}\\msvcp140.dll`, symbols: ['__std_find_trivial_1'], ordinals: [], versions: [] };
    const host = await windowsFacts({ runtimes: [{ name: 'msvcp140.dll', path: `${SYS32}\\msvcp140.dll`, version: '14.16.27012.0', how: 'search' }] });
    const outcome: ImportOutcome = { status: 'failed', exceptionType: 'ImportError', message: 'DLL load failed while importing onnxruntime_pybind11_state: The specified procedure could not be found.', traceback: '' };
    const d = await diagnosed(env, module, finding, outcome, host);
    expect(d.causes[0]?.kind).toBe('outdated-vc-runtime');
    expect(d.causes[0]?.messages?.title?.id).toBe('cause.vc-runtime-exports.title');
    expect(formatMessage(d.causes[0]!.evidence.find((e) => e.kind === 'host-fact')!.messages!.summary!, 'de')).toBe('Der Prozess dieses Pythons nimmt msvcp140.dll aus C:\\Windows\\System32\\msvcp140.dll, Version 14.16.27012.0 (von der üblichen Suche gefunden).');
    expectGermanOnly(d);
    const html = renderHtml(buildReport({ diagnosis: d, appVersion: '0.1.0', os: { platform: 'win32', release: '10.0.19045', arch: 'x64' } }), { redact: false, language: 'de' });
    expect(html).toContain('<li><strong>Visual-C++-Laufzeit</strong>: msvcp140.dll: C:\\Windows\\System32\\msvcp140.dll 14.16.27012.0');
  });

  // onnxruntime#24843: a module linked by the 14.4x toolset; here the older msvcp140.dll sits beside python.exe, which loads it first.
  it('writes the outdated runtime beside python.exe and its manual fix in German', async () => {
    const pyd = `${SITE}\\onnxruntime\\capi\\onnxruntime_pybind11_state.pyd`;
    const module = 'onnxruntime.capi.onnxruntime_pybind11_state';
    const env = windowsEnv('onnxruntime', '1.22.0', module, pyd);
    const runtime = `${PY}\\msvcp140.dll`;
    const finding: LoadFinding = { kind: 'outdated-vc-runtime', chain: [{ file: pyd, needs: 'MSVCP140.dll', resolvedPath: runtime, foundBy: 'application-dir', owner: null }], importer: pyd, linkerVersion: '14.40', runtime, runtimeVersion: '14.16.27012.0' };
    const outcome: ImportOutcome = { status: 'failed', exceptionType: 'ImportError', message: 'DLL load failed while importing onnxruntime_pybind11_state: A dynamic link library (DLL) initialization routine failed.', traceback: '' };
    const d = await diagnosed(env, module, finding, outcome, await windowsFacts({}));
    expect(d.causes[0]?.kind).toBe('outdated-vc-runtime');
    const manual = d.causes[0]!.remedies.find((r) => r.kind === 'manual')!;
    expect(manual.title).toBe('Install the latest Visual C++ Redistributable (x64) and replace the older msvcp140.dll next to python.exe');
    expect(formatMessage(manual.messages!.title!, 'de')).toBe('Das neueste Visual C++ Redistributable (x64) installieren und die ältere msvcp140.dll neben python.exe ersetzen');
    expectGermanOnly(d);
  });

  // Where a fact was read is a message too: "level from ld.so --help" and "this session's environment variables" were English in German.
  it('writes where the machine\'s facts were read in German: glibc\'s ld.so level on Linux, the session\'s variables on Windows', async () => {
    const pyd = `${SITE}\\onnxruntime\\capi\\onnxruntime_pybind11_state.pyd`;
    const module = 'onnxruntime.capi.onnxruntime_pybind11_state';
    const finding: LoadFinding = { kind: 'missing-symbols', chain: [{ file: pyd, needs: 'MSVCP140.dll', resolvedPath: `${SYS32}\\msvcp140.dll`, foundBy: 'System32', owner: null }], importer: pyd, provider: `${SYS32}\\msvcp140.dll`, symbols: ['__std_find_trivial_1'], ordinals: [], versions: [] };
    const host = await windowsFacts({ runtimes: [{ name: 'msvcp140.dll', path: `${SYS32}\\msvcp140.dll`, version: '14.16.27012.0', how: 'search' }] });
    const outcome: ImportOutcome = { status: 'failed', exceptionType: 'ImportError', message: 'DLL load failed while importing onnxruntime_pybind11_state: The specified procedure could not be found.', traceback: '' };
    const d = await diagnosed(windowsEnv('onnxruntime', '1.22.0', module, pyd), module, finding, outcome, host);
    expect(d.host?.condaDllSearchModification).toMatchObject({ status: 'known', source: "this session's environment variables" });
    expectGermanOnly(d);
    // The same report with a Linux machine's facts, the level as glibc 2.33's ld.so --help prints it.
    const ldsoHelp = 'Subdirectories of glibc-hwcaps directories, in priority order:\n  x86-64-v4\n  x86-64-v3\n  x86-64-v2 (supported, searched)\n';
    const linux = await linuxFacts({ cpuinfo: cpuinfoOf('Intel(R) Xeon(R) CPU E5-2680 v2 @ 2.80GHz', XEON_E5_2680_V2_FLAGS), ldsoHelp });
    expect(linux.cpu).toMatchObject({ status: 'known', source: '/proc/cpuinfo; level from /lib64/ld-linux-x86-64.so.2 --help' });
    const onLinux = { ...d, host: linux };
    expectGermanOnly(onLinux);
    expect(renderMarkdown(buildReport({ diagnosis: onLinux, appVersion: '0.1.0', os: { platform: 'linux', release: '6', arch: 'x64' } }), { redact: false, language: 'de' })).toContain('(gelesen aus /proc/cpuinfo; Stufe aus /lib64/ld-linux-x86-64.so.2 --help)');
  });

  // opencv/opencv-python#185: cv2 on a Windows N edition without the Media Feature Pack.
  it('writes the missing Media Foundation of an N edition in German', async () => {
    const cv2 = `${SITE}\\cv2\\cv2.pyd`;
    const env = windowsEnv('opencv-python', '4.10.0.84', 'cv2', cv2);
    const searched: SearchDirectory[] = [{ path: `${SITE}\\cv2`, step: 'dll-load-dir', contains: false }, { path: PY, step: 'application-dir', contains: false }, { path: SYS32, step: 'System32', contains: false }];
    const finding: LoadFinding = { kind: 'missing-library', chain: [{ file: cv2, needs: 'MFPlat.DLL', resolvedPath: null, foundBy: null, owner: null }], library: 'MFPlat.DLL', searched };
    const host = await windowsFacts({ edition: { productName: 'Windows 10 Pro N', editionId: 'ProfessionalN', build: '19045' }, mediaFoundation: MF_MISSING });
    const outcome: ImportOutcome = { status: 'failed', exceptionType: 'ImportError', message: 'DLL load failed while importing cv2: The specified module could not be found.', traceback: '' };
    const d = await diagnosed(env, 'cv2', finding, outcome, host);
    expect(d.causes[0]?.kind).toBe('missing-os-component');
    expect(formatMessage(d.causes[0]!.messages!.title!, 'de')).toBe('Windows fehlt Media Foundation (MFPlat.DLL), das cv2 braucht');
    expectGermanOnly(d);
  });
});
