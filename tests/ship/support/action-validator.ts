/**
 * Runs action-validator (the schema GitHub's workflow syntax follows) on a workflow file, for the
 * workflows that cannot run here (windows.yml, macos.yml).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '../../..');
const validator = path.join(root, 'node_modules/.bin', process.platform === 'win32' ? 'action-validator.cmd' : 'action-validator');
const exec = promisify(execFile);

/** action-validator's exit code and output (empty when the file is valid). */
export async function validateWorkflow(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec(validator, [file], { timeout: 60_000, shell: process.platform === 'win32' });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
