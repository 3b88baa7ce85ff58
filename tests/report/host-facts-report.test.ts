import { describe, expect, it } from 'vitest';
import { buildReport } from '../../app/report/build-report';
import { renderHtml } from '../../app/report/render-html';
import { renderMarkdown, renderJson } from '../../app/report/render-markdown';
import { hostFactRows } from '../../app/report/host-facts-text';
import { MF_MISSING, windowsFacts } from '../support/host-facts';
import { sampleDiagnosis } from './sample-diagnosis';

const identity = { user: 'alice', home: '/home/alice', host: 'alice-pc' };

describe('the machine\'s facts in the report', () => {
  it('lists each fact with its source, or why it is not known, in Markdown, HTML and JSON', async () => {
    const host = await windowsFacts({ edition: { productName: 'Windows 10 Pro N', editionId: 'ProfessionalN', build: '19045', ubr: 3803 }, mediaFoundation: MF_MISSING });
    const diagnosis = { ...(await sampleDiagnosis({ home: '/home/alice', errorText: 'ImportError: DLL load failed while importing cv2' })), host };
    const report = buildReport({ diagnosis, appVersion: '0.1.0', os: { platform: 'linux', release: '6', arch: 'x64' } });
    const md = renderMarkdown(report, { identity, locale: 'en', timeZone: 'UTC' });
    expect(md).toContain('### This computer');
    expect(md).toContain('Windows 10 Pro N (EditionID ProfessionalN), build 19045.3803: an N edition');
    expect(md).toContain('missing: mf.dll, mfplat.dll, mfreadwrite.dll');
    expect(md).toContain('**NVIDIA driver**: not known here: nvidia-smi is not installed or not on PATH.');
    expect(renderHtml(report, { identity, locale: 'en', timeZone: 'UTC' })).toContain('<h2>This computer</h2>');
    expect(JSON.parse(renderJson(report, { identity })).diagnosis.host.windows.value.editionId).toBe('ProfessionalN');
  });

  it('redacts the user\'s folder from the facts\' paths when shared', async () => {
    const host = await windowsFacts({ runtimes: [{ name: 'msvcp140.dll', path: '/home/alice/py36/msvcp140.dll', version: '14.0.24215.1', how: 'search' }] });
    const report = buildReport({ diagnosis: { ...(await sampleDiagnosis({ home: '/home/alice', errorText: 'x' })), host }, appVersion: '0.1.0' });
    const md = renderMarkdown(report, { identity, locale: 'en', timeZone: 'UTC' });
    expect(md).not.toContain('/home/alice/py36/msvcp140.dll');
    expect(hostFactRows(host).find((r) => r.label === 'Visual C++ runtime')?.text).toBe('msvcp140.dll: /home/alice/py36/msvcp140.dll 14.0.24215.1');
  });
});
