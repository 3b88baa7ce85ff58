import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../app/diagnosis/knowledge-base';
import { fromKnownFix } from '../../app/diagnosis/remedies';
import { planRepair } from '../../app/repair';
import { writePe } from '../scenarios/support/pe-writer';
import { knownIssueMessage } from '../../app/messages';

// Issue 24 item 7: every package fix of the knowledge base, run through the plan builder, gives commands
// that name a real package of the manager that runs them. The names each manager really has:
const REAL: Record<'pip' | 'conda', Record<string, string>> = {
  pip: {
    pillow: 'https://pypi.org/project/pillow/',
    torch: 'https://pypi.org/project/torch/',
    kiwisolver: 'https://pypi.org/project/kiwisolver/',
    pywin32: 'https://pypi.org/project/pywin32/',
    pyqt5: 'https://pypi.org/project/PyQt5/',
    shapely: 'https://pypi.org/project/shapely/',
    'flash-attn': 'https://pypi.org/project/flash-attn/',
    onnxruntime: 'https://pypi.org/project/onnxruntime/',
    numpy: 'https://pypi.org/project/numpy/',
  },
  conda: {
    libtiff: 'https://anaconda.org/anaconda/libtiff',
    pyqt: 'https://anaconda.org/anaconda/pyqt (conda list in ContinuumIO/anaconda-issues#1646: pyqt 5.6.0 py36_2)',
    shapely: 'https://anaconda.org/anaconda/shapely',
    pillow: 'https://anaconda.org/anaconda/pillow',
  },
};

/** The package names a command line installs or removes (pip's or conda's), version pins dropped. */
function namedPackages(command: string): { manager: 'pip' | 'conda'; names: string[] } | null {
  const words = command.split(' ');
  const manager = words.includes('-m') && words.includes('pip') ? 'pip' : words[0] === 'conda' ? 'conda' : null;
  if (!manager) return null;
  const verb = words.findIndex((w) => w === 'install' || w === 'uninstall' || w === 'remove');
  const names = words
    .slice(verb + 1)
    .filter((w) => !w.startsWith('-') && !w.startsWith('"%CD%"'))
    .map((w) => w.split(/[=<>!]/)[0]!.split('::').pop()!.toLowerCase());
  return { manager, names };
}

describe('the knowledge base’s package fixes, through the plan builder', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kb-fixes-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A copied Windows folder (conda's when the entry is about a conda environment): the plan builder writes its commands. */
  async function folder(name: string, conda: boolean): Promise<string> {
    const prefix = path.join(dir, name);
    await mkdir(path.join(prefix, 'Lib', 'site-packages'), { recursive: true });
    await writeFile(path.join(prefix, 'python.exe'), writePe({ name: 'python.exe', imports: { 'python39.dll': ['Py_Main'] } }));
    if (conda) await mkdir(path.join(prefix, 'conda-meta'), { recursive: true });
    return prefix;
  }

  const cases = loadKnowledgeBase().flatMap((issue) =>
    issue.fixes.filter((f) => f.package && ['pip-install-version', 'conda-install-version', 'switch-manager', 'pip-force-reinstall', 'conda-force-reinstall'].includes(f.kind)).map((fix) => ({ issue, fix })),
  );

  it.each(cases.map((c) => [`${c.issue.id}: ${c.fix.kind} ${c.fix.package}`, c] as const))('%s', async (_label, { issue, fix }) => {
    const conda = issue.environment === 'conda' || issue.managers.includes('conda');
    const prefix = await folder(`${issue.id}-${fix.kind}`, conda);
    const remedy = fromKnownFix({ take: () => 'r1' } as never, fix, { manager: issue.managers[0]!, architecture: 'x64', prefix, source: issue.sources[0]!, description: knownIssueMessage(issue.id, fix.description, issue.fixes.indexOf(fix)) });
    expect(remedy).not.toBeNull();
    const plan = await planRepair({ python: path.join(prefix, 'python.exe'), prefix, remedy: remedy! }, { dataDir: dir });
    const commands = (plan.elsewhere?.commands ?? []).map(namedPackages).filter((c): c is NonNullable<typeof c> => c !== null);
    expect(commands.length).toBeGreaterThan(0);
    for (const { manager, names } of commands) {
      for (const name of names) expect(REAL[manager][name], `${manager} has no package "${name}" (${issue.id})`).toBeDefined();
    }
  });

  it('switches pip’s PyQt5 to conda’s pyqt without carrying pip’s version over (anaconda-issues#1394)', async () => {
    const issue = loadKnowledgeBase().find((i) => i.id === 'pyqt5-pip-anaconda-python3-dll')!;
    const prefix = await folder('pyqt5-switch', true);
    const remedy = fromKnownFix({ take: () => 'r1' } as never, issue.fixes[0]!, { manager: 'pip', architecture: 'x64', prefix, source: issue.sources[0]!, description: knownIssueMessage(issue.id, issue.fixes[0]!.description, 0) });
    const plan = await planRepair({ python: path.join(prefix, 'python.exe'), prefix, remedy: remedy! }, { dataDir: dir });
    expect(plan.elsewhere?.commands).toEqual(['python.exe -m pip uninstall --yes PyQt5', 'conda install --prefix "%CD%" --dry-run pyqt', 'conda install --prefix "%CD%" pyqt']);
  });
});

describe('the knowledge base’s entries are as narrow as their sources', () => {
  const entry = (id: string) => loadKnowledgeBase().find((i) => i.id === id)!;
  it('keeps each narrowed condition and fix of issue 24 item 7', () => {
    expect(entry('anaconda-python-feb-2019-numpy').python).toBe('==3.7.2');
    expect(entry('h5py-hdf5-mismatch')).toMatchObject({ versions: ['>=3.5,<3.8'], sources: expect.arrayContaining(['https://github.com/h5py/h5py/issues/2207']) });
    expect(JSON.stringify(entry('h5py-hdf5-mismatch').fixes)).not.toContain('conda-forge');
    expect(entry('kiwisolver-msvcp140')).toMatchObject({ versions: ['>=1.0,<1.4.8'], fixes: expect.arrayContaining([expect.objectContaining({ kind: 'pip-install-version', version: '1.4.8' })]) });
    expect(entry('pywin32-301-304-conda')).toMatchObject({ versions: ['==301', '==302', '==304'], python: null });
    expect(JSON.stringify(entry('torch-winerror-1455-paging-file').fixes)).not.toContain('num_workers');
  });
});
