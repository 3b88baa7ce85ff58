import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPathInterpreters } from '../../app/interpreters/path-interpreters';

const realPython = '/usr/bin/python3';

describe('listPathInterpreters', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'doctor path ünï-'));
    await mkdir(path.join(root, 'a'));
    await mkdir(path.join(root, 'b'));
    await symlink(realPython, path.join(root, 'a', 'python3'));
    await symlink(realPython, path.join(root, 'a', 'python'));
    await mkdir(path.join(root, 'venv'));
    await symlink(realPython, path.join(root, 'venv', 'python'));
    await writeFile(path.join(root, 'b', 'python2'), '#!/bin/sh\necho "Segmentation fault" >&2\nexit 139\n');
    await chmod(path.join(root, 'b', 'python2'), 0o755);
    await writeFile(path.join(root, 'b', 'pythonista'), '#!/bin/sh\nexit 0\n');
    await chmod(path.join(root, 'b', 'pythonista'), 0o755);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('finds a real interpreter once per folder, under every name it has there, with its real version', async () => {
    const found = await listPathInterpreters({ pathVariable: [path.join(root, 'a'), '/does/not/exist', path.join(root, 'b')].join(':'), platform: 'linux' });
    const python = found.find((f) => f.path.startsWith(path.join(root, 'a')));
    expect(python).toMatchObject({ status: 'ok', implementation: 'CPython', bits: 64, names: ['python', 'python3'] });
    expect(python?.version).toMatch(/^3\.\d+\.\d+$/);
    expect(found.some((f) => f.names.includes('pythonista'))).toBe(false);
  });

  it('keeps an interpreter in another folder apart, as a venv links to its base Python', async () => {
    const found = await listPathInterpreters({ pathVariable: [path.join(root, 'a'), path.join(root, 'venv')].join(':'), platform: 'linux' });
    expect(found.map((f) => path.basename(path.dirname(f.path)))).toEqual(['a', 'venv']);
  });

  it('reports an interpreter that crashes as a result with its message', async () => {
    const found = await listPathInterpreters({ pathVariable: path.join(root, 'b'), platform: 'linux' });
    const broken = found.find((f) => f.names.includes('python2'));
    expect(broken).toMatchObject({ status: 'failed' });
    expect(broken?.message).toContain('Segmentation fault');
  });
});
