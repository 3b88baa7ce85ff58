import { describe, expect, it } from 'vitest';
import { compareVersionsDescending, offersFromFiles, projectFiles, wheelTags } from '../../app/package-index/simple-api';

const file = (filename: string, yanked = false) => ({ filename, yanked, requiresPython: null });

describe('package index reading', () => {
  it('reads the HTML form when the index does not speak JSON (PEP 503), with yanked and requires-python', async () => {
    const html = '<html><body><a href="/f/Pillow-4.0.0-cp36-cp36m-win_amd64.whl" data-requires-python="&gt;=3.6">Pillow-4.0.0-cp36-cp36m-win_amd64.whl</a><a data-yanked="" href="x">Pillow-4.1.0.tar.gz</a></body></html>';
    const fetcher = (async () => new Response(html, { headers: { 'Content-Type': 'text/html' } })) as typeof fetch;
    expect(await projectFiles('http://127.0.0.1:9/simple', 'Pillow', fetcher)).toEqual([
      { filename: 'Pillow-4.0.0-cp36-cp36m-win_amd64.whl', yanked: false, requiresPython: '>=3.6' },
      { filename: 'Pillow-4.1.0.tar.gz', yanked: true, requiresPython: null },
    ]);
  });

  it('expands compressed tag sets of a wheel name (PEP 425)', () => {
    expect(wheelTags('six-1.16.0-py2.py3-none-any.whl')?.tags).toEqual(['py2-none-any', 'py3-none-any']);
  });

  it('offers for Python 3.6 on win_amd64 only what has a fitting wheel, and marks a source-only version', () => {
    const tags = ['cp36-cp36m-win_amd64', 'cp36-none-win_amd64', 'py3-none-any'];
    const offers = offersFromFiles('Pillow', [
      file('Pillow-4.2.0-cp37-cp37m-win_amd64.whl'),
      file('Pillow-4.1.0-cp36-cp36m-win32.whl'),
      file('Pillow-4.1.0.tar.gz'),
      file('Pillow-4.0.0-cp36-cp36m-win_amd64.whl'),
      file('numpy-1.0-cp36-cp36m-win_amd64.whl'),
    ], tags, '4.1.0', '4.0.0');
    expect(offers).toEqual([
      { version: '4.2.0', installable: false, needsSourceBuild: false, knownGood: false, installed: false, yanked: false },
      { version: '4.1.0', installable: true, needsSourceBuild: true, knownGood: false, installed: true, yanked: false },
      { version: '4.0.0', installable: true, needsSourceBuild: false, knownGood: true, installed: false, yanked: false },
    ]);
  });
});

describe('version order', () => {
  it('puts newer releases first and a pre-release below its final release (PEP 440)', () => {
    expect(['4.0.0', '10.0.0', '4.1.0rc1', '4.1.0', '4.1.0.post1'].sort(compareVersionsDescending)).toEqual(['10.0.0', '4.1.0.post1', '4.1.0', '4.1.0rc1', '4.0.0']);
  });
});
