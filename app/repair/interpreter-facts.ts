import { DoctorError } from '../contract/errors';
import { runCommand } from './run-command';

/** What the repair needs to know from the interpreter, from one run of it. */
export interface InterpreterFacts {
  /** The folder pip installs into (sysconfig purelib). */
  readonly sitePackages: string;
  readonly prefix: string;
  /** sys.base_prefix: differs from prefix inside a venv (where pip refuses --user). */
  readonly basePrefix: string;
  /** The wheel tags this interpreter accepts, best first (pip's own packaging.tags). */
  readonly tags: readonly string[];
  readonly pythonVersion: string;
}

// pip vendors packaging; its sys_tags() is exactly the list pip itself installs by.
const SCRIPT = `
import json, sys, sysconfig, platform
try:
    from pip._vendor.packaging.tags import sys_tags
    tags = [str(t) for t in sys_tags()]
except Exception:
    tags = []
print(json.dumps({"sitePackages": sysconfig.get_paths()["purelib"], "prefix": sys.prefix, "basePrefix": sys.base_prefix, "tags": tags, "pythonVersion": platform.python_version()}))
`;

export async function interpreterFacts(python: string, env: NodeJS.ProcessEnv): Promise<InterpreterFacts> {
  const result = await runCommand([python, '-c', SCRIPT], { env });
  try {
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as InterpreterFacts;
  } catch {
    throw new DoctorError('python-unavailable', `${python} could not be asked about itself: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.code}`}`, 'Check that this Python starts on its own.');
  }
}
