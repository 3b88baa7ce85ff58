import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's python3-pefile, the reference PE reader (apt-get install python3-pefile). */
export const PEFILE_PYTHON = '/usr/bin/python3';

const SCRIPT = `
import json, sys, pefile
out = []
for path in sys.argv[1:]:
    pe = pefile.PE(path, fast_load=True)
    pe.parse_data_directories(directories=[0, 1, 13])
    imports = []
    for attr, delay in (('DIRECTORY_ENTRY_IMPORT', False), ('DIRECTORY_ENTRY_DELAY_IMPORT', True)):
        for d in getattr(pe, attr, []):
            imports.append({'dll': d.dll.decode(), 'delayLoad': delay, 'symbols': [i.name.decode() if i.name and not i.import_by_ordinal else '#%d' % i.ordinal for i in d.imports]})
    exports = []
    if hasattr(pe, 'DIRECTORY_ENTRY_EXPORT'):
        exports = ['%d %s %s' % (e.ordinal, e.name.decode() if e.name else '-', e.forwarder.decode() if e.forwarder else '-') for e in pe.DIRECTORY_ENTRY_EXPORT.symbols]
    out.append({'path': path, 'machine': pe.FILE_HEADER.Machine, 'isDll': pe.is_dll(), 'imports': imports, 'exports': sorted(exports)})
print(json.dumps(out))
`;

export interface PefileFacts {
  readonly path: string;
  readonly machine: number;
  readonly isDll: boolean;
  readonly imports: { dll: string; delayLoad: boolean; symbols: string[] }[];
  readonly exports: string[];
}

export function pefileAvailable(): boolean {
  return existsSync(PEFILE_PYTHON);
}

/** What pefile reads from each file (imports, exports as "ordinal name forwarder" lines, sorted). */
export async function readWithPefile(paths: readonly string[]): Promise<PefileFacts[]> {
  const { stdout } = await run(PEFILE_PYTHON, ['-c', SCRIPT, ...paths], { maxBuffer: 256 << 20 });
  return JSON.parse(stdout) as PefileFacts[];
}
