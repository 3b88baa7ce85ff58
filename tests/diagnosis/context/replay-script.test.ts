import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReplayOutput } from '../../../app/diagnosis/context/replay';
import { REPLAY_SCRIPT } from '../../../app/diagnosis/context/replay-script';
import { standInDyld } from '../../support/stand-in-dyld';

/**
 * The replay's macOS branch run here (Linux) with sys.platform set to "darwin" and a stand-in
 * ctypes whose CDLL(None) answers dyld's two functions from a list that importing a module grows:
 * the real dyld cannot be asked without a Mac, what the script does with its answers can.
 */
const standIn = `${standInDyld(['/Library/Frameworks/Python.framework/Versions/3.12/Resources/Python.app/Contents/MacOS/Python', '/usr/lib/libSystem.B.dylib'])}
sys.platform = "darwin"
exec(compile(sys.argv.pop(1), "<replay>", "exec"))
`;

describe('context replay on macOS (stand-in dyld)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pdd-replay-darwin-'));
    // Importing it "loads" two images, one of them unloaded again before the walk ends (NULL).
    await writeFile(join(dir, 'pil_like.py'), 'import sys\nsys.modules["ctypes"].names.extend([b"/v/site-packages/PIL/_imaging.cpython-312-darwin.so", b"/v/site-packages/PIL/.dylibs/libjpeg.62.dylib", None])\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('charges each import with the images dyld lists after it, NULL entries dropped', () => {
    const stdout = execFileSync('python3', ['-c', standIn, REPLAY_SCRIPT, JSON.stringify(['json', 'pil_like'])], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PYTHONPATH: dir } });
    const replay = parseReplayOutput(stdout, ['json', 'pil_like'], '', 0);
    expect(replay.baseline).toEqual(['/Library/Frameworks/Python.framework/Versions/3.12/Resources/Python.app/Contents/MacOS/Python', '/usr/lib/libSystem.B.dylib']);
    expect(replay.steps.map((s) => [s.module, s.ok, s.loaded])).toEqual([
      ['json', true, []],
      ['pil_like', true, ['/v/site-packages/PIL/_imaging.cpython-312-darwin.so', '/v/site-packages/PIL/.dylibs/libjpeg.62.dylib']],
    ]);
  });
});
