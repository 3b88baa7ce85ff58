import path from 'node:path';
import { findInterpreterIn, nodeHost } from '../envs';

/**
 * The interpreter a `--python` argument names: the file itself, or, for an environment's folder,
 * the interpreter inside it that runs here (bin/python3, Scripts\python.exe), as `diagnose` and
 * `env` accept. A folder with none (a Windows environment copied here) stays the folder: the
 * engine examines it offline and runs nothing.
 */
export async function interpreterArgument(cwd: string, given: string, env: NodeJS.ProcessEnv): Promise<string> {
  const target = path.resolve(cwd, given);
  const host = nodeHost({ env });
  if ((await host.kind(target)) !== 'dir') return target;
  return (await findInterpreterIn(host, target)) ?? target;
}
