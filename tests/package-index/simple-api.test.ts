import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareVersionsDescending, indexPlace, offersFromFiles, projectFiles, wheelTags } from '../../app/package-index/simple-api';
import { pipSourcesFrom } from '../../app/package-index/index-versions';

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

describe('where pip looks', () => {
  // `pip config list` as pip 23.2.1 prints it (sorted: the environment's :env: lines, then global, then install).
  const configList = [
    ":env:.find-links='/opt/wheels'",
    "global.cert='/etc/ssl/certs/ca-certificates.crt'",
    "global.extra-index-url='file:///opt/pypi/simple file:///opt/pypi-more/simple'",
    "global.find-links='/opt/wheels'",
    "global.index-url='file:///opt/py/simple'",
    "install.find-links='/srv/wheels /srv/more'",
  ].join('\n');

  it('reads the index, the extra indexes and find-links from pip config, the install section over global', () => {
    expect(pipSourcesFrom({}, configList)).toEqual({ indexes: ['file:///opt/py/simple', 'file:///opt/pypi/simple', 'file:///opt/pypi-more/simple'], findLinks: ['/srv/wheels', '/srv/more'] });
  });

  it('takes each setting from the environment first, as pip does', () => {
    expect(pipSourcesFrom({ PIP_INDEX_URL: 'https://mirror.example/simple', PIP_FIND_LINKS: '/w' }, configList)).toEqual({ indexes: ['https://mirror.example/simple', 'file:///opt/pypi/simple', 'file:///opt/pypi-more/simple'], findLinks: ['/w'] });
  });

  it('asks no index with --no-index, from the environment or pip config, and keeps the find-links', () => {
    expect(pipSourcesFrom({ PIP_NO_INDEX: '1' }, configList)).toEqual({ indexes: [], findLinks: ['/srv/wheels', '/srv/more'] });
    expect(pipSourcesFrom({}, "global.no-index='true'\nglobal.find-links='/opt/wheels'")).toEqual({ indexes: [], findLinks: ['/opt/wheels'] });
    expect(pipSourcesFrom({ PIP_NO_INDEX: 'off' }, '')).toEqual({ indexes: ['https://pypi.org/simple/'], findLinks: [] });
  });
});

describe('a file: index', () => {
  let dir: string;
  beforeAll(async () => {
    // A PEP 503 index on disk, as `dir2pi` or a mirror leaves it: simple/<project>/index.html.
    dir = await mkdtemp(path.join(tmpdir(), 'file index ü '));
    await mkdir(path.join(dir, 'simple', 'pillow'), { recursive: true });
    await writeFile(path.join(dir, 'simple', 'pillow', 'index.html'), '<html><body><a href="../../wheels/pillow-12.0.0-cp311-cp311-manylinux_2_28_x86_64.whl">pillow-12.0.0-cp311-cp311-manylinux_2_28_x86_64.whl</a></body></html>');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is read from its folders the way pip reads it, with no network', async () => {
    const files = await projectFiles(pathToFileURL(path.join(dir, 'simple')).href, 'Pillow');
    expect(files.map((f) => f.filename)).toEqual(['pillow-12.0.0-cp311-cp311-manylinux_2_28_x86_64.whl']);
  });

  it('has nothing for a project it has no folder for', async () => {
    expect(await projectFiles(pathToFileURL(path.join(dir, 'simple')).href, 'numpy')).toEqual([]);
  });

  it('is named by its folder in words, never as the origin "null"', () => {
    expect(indexPlace(pathToFileURL(path.join(dir, 'simple')).href)).toBe(path.join(dir, 'simple'));
  });
});

describe('an index that cannot be reached', () => {
  it('is said in words, naming the host but never the path or the user part that may hold a token', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const fetcher = (async () => {
      throw refused;
    }) as typeof fetch;
    const error = (await projectFiles('http://user:s3cret@127.0.0.1:9/TOKEN-abc/simple/', 'pillow', fetcher).then(
      () => new Error('no error'),
      (e: unknown) => e,
    )) as Error & { whatToDo?: string };
    expect(error.message).toBe('The package index at http://127.0.0.1:9 could not be reached: nothing answered at that address.');
    expect(`${error.message} ${error.whatToDo ?? ''}`).not.toMatch(/s3cret|TOKEN|fetch failed|at .*\.js/);
  });
});
