import { randomUUID } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { message, type MessageRef } from '../messages';

/**
 * Whether this user can create files in a folder, found by creating one: `fs.access(W_OK)` looks at
 * the read-only attribute only and ignores ACLs on Windows (nodejs/node#23772), so an all-users
 * Anaconda under C:\ProgramData or C:\Program Files would pass it and conda would fail halfway.
 */
export async function testWrite(folder: string, appendTo: string | null = null): Promise<boolean> {
  const probe = path.join(folder, `.python-dll-doctor-write-test-${randomUUID()}`);
  try {
    const handle = await open(probe, 'wx');
    await handle.close();
    await unlink(probe).catch(() => undefined);
  } catch {
    return false;
  }
  if (appendTo === null) return true;
  // C:\ProgramData lets every user create files (CREATOR OWNER) but not change the administrator's:
  // conda appends to conda-meta/history on every change, so that file is opened for appending too
  // (nothing is written: its bytes and time stamp stay as they are).
  try {
    const handle = await open(appendTo, 'a');
    await handle.close();
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** The file conda appends to on every change of a prefix (conda/history.py `History.write_changes`). */
export function condaHistoryFile(prefix: string): string {
  return path.join(prefix, 'conda-meta', 'history');
}

/**
 * What the user can do when the environment is not theirs to change. For a conda environment no
 * `pip install --user`: conda's docs say "Do not use pip with the --user argument, avoid all users
 * installs" (docs/source/user-guide/tasks/manage-environments.rst at 25.11.1).
 */
export function permissionChoices(conda: boolean, venv = false): MessageRef[] {
  const elevate = message('plan.permission.elevate');
  return conda
    ? [elevate, message('plan.permission.conda-own')]
    : venv
      ? // pip refuses --user inside a venv ("Can not perform a '--user' install. User site-packages are not visible in this virtualenv.").
        [elevate, message('plan.permission.venv-own')]
      : [elevate, message('plan.permission.user-install')];
}
