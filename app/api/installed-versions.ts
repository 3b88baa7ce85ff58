import { nodeHost, probeEnvironment } from '../envs';
import { normalizeName } from '../base/package-spec';
import type { InstalledVersion } from '../contract/environment-choice';

/**
 * The versions installed now, read from the environment's own records (conda-meta first, then the
 * .dist-info folders) through app/envs' description: never from a package index, which knows what
 * could be installed, not what is.
 */
export async function installedVersions(python: string, packages: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<InstalledVersion[]> {
  const description = await probeEnvironment(python, { host: nodeHost({ env, platform }) });
  return packages.map((name) => {
    const key = normalizeName(name);
    const conda = description.condaRecords.find((r) => normalizeName(r.name) === key);
    const dist = description.distributions.find((d) => d.normalizedName === key);
    return { package: name, version: conda?.version ?? dist?.version ?? null };
  });
}
