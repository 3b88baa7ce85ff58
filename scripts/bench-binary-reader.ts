/**
 * The reader as a whole process, for `npm run bench:binary`: reads every module listed in a file
 * (one path a line) and writes one digest line per file to a second file, `path<TAB>facts`, the same digest the
 * reference process prints for pefile (imports, imported symbols, exports, forwarders) or that
 * the bench computes from readelf's output (needed, defined, undefined).
 *
 * Bundled by the bench into .cache/bench and run with plain `node`, as the CLI is shipped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { BinaryReadError } from '../app/binary/binary-errors';
import type { BinaryModule } from '../app/binary/module-types';
import { readModuleSync } from '../app/binary/read-module';

/** The facts both whole processes print for one module. */
function moduleDigest(m: BinaryModule): string {
  if (m.format === 'elf') return `elf ${m.needed.length} ${m.defined.length} ${m.undefined.length}`;
  if (m.format === 'macho') return 'macho'; // the whole-process comparison lists PE and ELF files only
  let symbols = 0;
  for (const i of m.imports) symbols += i.symbols.length;
  let forwarders = 0;
  for (const e of m.exports) if (e.forwarder !== null) forwarders++;
  return `pe ${m.imports.length} ${symbols} ${m.exports.length} ${forwarders}`;
}

function main(listFile: string, outFile: string): void {
  const out: string[] = [];
  for (const path of readFileSync(listFile, 'utf8').split('\n')) {
    if (!path) continue;
    try {
      out.push(`${path}\t${moduleDigest(readModuleSync(path))}`);
    } catch (error) {
      if (!(error instanceof BinaryReadError)) throw error;
      out.push(`${path}\terror`);
    }
  }
  writeFileSync(outFile, `${out.join('\n')}\n`);
}

const [listFile, outFile] = process.argv.slice(2);
if (listFile && outFile) main(listFile, outFile);
else {
  console.error('Usage: node binary-reader.mjs LIST_FILE OUT_FILE');
  process.exitCode = 2;
}
