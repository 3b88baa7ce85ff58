import type { Distribution } from '../../app/envs';

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
