import type { DescribedEnvironment } from '../../app/diagnosis/facts/facts';
import type { Distribution, DllVersion, EnvironmentKind } from '../../app/envs';

/** A dist-info record as app/envs reads one (pip-installed, no RECORD), for hand-written facts. */
export function distributionRecord(name: string, version: string, location: string, over: Partial<Distribution> = {}): Distribution {
  return {
    name,
    normalizedName: name.toLowerCase().replace(/[-_.]+/g, '-'),
    version,
    installer: 'pip',
    location,
    metadataPath: `${location}/${name}-${version}.dist-info`,
    format: 'dist-info',
    requiresDist: [],
    requiresPython: null,
    wheelTags: [],
    extensionModules: [],
    bundledLibraries: [],
    recordEntries: 0,
    ...over,
  };
}

export interface DescriptionOptions {
  readonly prefix: string;
  readonly interpreter: string;
  readonly version: string;
  /** sys.platform: "win32", "linux", "darwin". */
  readonly platform: string;
  readonly architecture: string;
  readonly kind: EnvironmentKind;
  /** 'offline' for a folder read from its files (its Python does not run here). */
  readonly status: 'ok' | 'offline';
  readonly dllVersions?: readonly DllVersion[];
}

/** app/envs' description of an environment, as the probe or the offline reader gives one, for hand-written facts. */
export function describedEnvironment(o: DescriptionOptions): DescribedEnvironment {
  const [major = 3, minor = 0, micro = 0] = o.version.split('.').map(Number);
  return {
    schemaVersion: 1,
    id: o.prefix,
    status: o.status,
    message: null,
    kind: o.kind,
    interpreter: o.interpreter,
    prefix: o.prefix,
    basePrefix: null,
    python: {
      version: o.version,
      versionInfo: [major, minor, micro],
      implementation: 'cpython',
      architecture: o.architecture,
      bits: /64/.test(o.architecture) ? 64 : 32,
      platform: o.platform,
      sysconfigPlatform: '',
      abiTag: `cp${major}${minor}`,
      extensionSuffixes: [],
      platformTags: [],
      glibcVersion: null,
      markers: {},
    },
    sysPath: [],
    sitePackages: [],
    dllDirectories: [],
    distributions: [],
    condaRecords: [],
    importTest: null,
    interpreterRuns: o.status === 'ok' ? 1 : 0,
    evidence: [],
    ...(o.dllVersions ? { dllVersions: o.dllVersions } : {}),
    sources: [],
  };
}
