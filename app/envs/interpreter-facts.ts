import { DoctorError } from '../base/errors';
import { probeInterpreter } from './describe';
import { nodeHost } from './host';
import { message } from '../messages';

/** What the repair needs to know from the interpreter, from one run of it (its wheel tags: app/envs/pip-tags.ts). */
export interface InterpreterFacts {
  /** The folder pip installs into (sysconfig purelib). */
  readonly sitePackages: string;
  /** Every folder pip installs into (purelib and platlib, once each). */
  readonly siteFolders: readonly string[];
  readonly prefix: string;
  /** sys.base_prefix: differs from prefix inside a venv (where pip refuses --user). */
  readonly basePrefix: string;
  readonly pythonVersion: string;
}

/**
 * The facts come from the session's one probe of this interpreter (app/envs/probe.py through
 * app/envs/probe-cache.ts): discovery and diagnosis usually ran it already, and a repair asks
 * several times. The cache is dropped when the environment's folders change, so facts read after
 * an install are the interpreter's own again.
 */
export async function interpreterFacts(python: string, env: NodeJS.ProcessEnv): Promise<InterpreterFacts> {
  const { outcome } = await probeInterpreter(python, { host: nodeHost({ env }) });
  const raw = outcome.raw;
  if (outcome.status !== 'ok' || !raw || !raw.purelib || !raw.prefix) {
    throw new DoctorError('python-unavailable', message('error.python-unavailable', { python, why: outcome.message ?? outcome.status }), message('error.python-unavailable.what'));
  }
  return { sitePackages: raw.purelib, siteFolders: [...new Set([raw.purelib, raw.platlib ?? raw.purelib])], prefix: raw.prefix, basePrefix: raw.basePrefix ?? raw.prefix, pythonVersion: raw.markers?.python_full_version ?? raw.version };
}
