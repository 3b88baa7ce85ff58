import { execFileSync } from 'node:child_process';

/** Whether binutils' objdump (an independent PE reader) is on this machine. */
export function hasObjdump(): boolean {
  try {
    execFileSync('objdump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
