/**
 * Writes conda-meta/<name>-<version>-<build>.json records in the real format for tests.
 *
 * Field set of a real record (cuda-version-12.9-h4f385c5_3.json in a public pixi/rattler tutorial):
 * build, build_number, channel, depends, files, fn, md5, name, paths_data {paths_version, paths}, sha256,
 * size, subdir, timestamp, url, version, link; `paths` entries as conda-build `create_info_files_json_v1`
 * writes them (_path, path_type, sha256, size_in_bytes). Hashes are computed from the files given.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface CondaPackageSpec {
  readonly name: string;
  readonly version: string;
  readonly build: string;
  readonly subdir?: string;
  readonly depends?: string[];
  /** Files relative to the prefix (forward slashes) with their content; written into the prefix. */
  readonly files?: Readonly<Record<string, string>>;
}

/** Writes the package's files into prefix and its record into prefix/conda-meta; returns the record path. */
export async function writeCondaPackage(prefix: string, spec: CondaPackageSpec): Promise<string> {
  const files = spec.files ?? {};
  const subdir = spec.subdir ?? 'win-64';
  const fn = `${spec.name}-${spec.version}-${spec.build}.conda`;
  for (const [rel, content] of Object.entries(files)) {
    const target = path.join(prefix, ...rel.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  const record = {
    build: spec.build,
    build_number: 0,
    channel: 'https://repo.anaconda.com/pkgs/main',
    depends: spec.depends ?? [],
    files: Object.keys(files),
    fn,
    md5: '0'.repeat(32),
    name: spec.name,
    paths_data: {
      paths_version: 1,
      paths: Object.entries(files).map(([rel, content]) => ({
        _path: rel,
        path_type: 'hardlink',
        sha256: createHash('sha256').update(content).digest('hex'),
        size_in_bytes: Buffer.byteLength(content),
      })),
    },
    sha256: '0'.repeat(64),
    size: 1,
    subdir,
    timestamp: 1_490_000_000_000,
    url: `https://repo.anaconda.com/pkgs/main/${subdir}/${fn}`,
    version: spec.version,
    link: { source: `C:\\Users\\me\\Anaconda3\\pkgs\\${spec.name}-${spec.version}-${spec.build}`, type: 1 },
  };
  const meta = path.join(prefix, 'conda-meta', `${spec.name}-${spec.version}-${spec.build}.json`);
  await mkdir(path.dirname(meta), { recursive: true });
  await writeFile(meta, JSON.stringify(record, null, 2));
  return meta;
}
