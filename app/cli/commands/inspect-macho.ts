import type { MachoFinding, MachoModule } from '../../binary/macho-types';

/** Reader findings that mean the file cannot load as it is (or could not be read in full). */
const PROBLEMS: ReadonlySet<MachoFinding['kind']> = new Set(['no-matching-slice', 'thirty-two-bit', 'unreadable-table']);

/** True when the Mach-O reader itself found something that stops a load or hides part of the file. */
export function machoReaderProblems(m: MachoModule): boolean {
  return m.image === null || m.findings.some((f) => PROBLEMS.has(f.kind));
}

/** The tables of a Mach-O file as `inspect` prints them: slices, header, dylibs, rpaths, imports, exports. */
export function formatMacho(m: MachoModule, lines: string[]): void {
  const slices = m.slices.map((s) => s.cpu).join(', ');
  lines.push(`${m.path}`, `  Mach-O ${m.universal ? `universal (${slices})` : slices}, ${m.fileSize} bytes`);
  const image = m.image;
  if (image) {
    lines.push(`  slice ${image.slice.cpu}: ${image.bits}-bit ${image.filetype}, ${image.twoLevelNamespace ? 'two-level namespace' : 'flat namespace'}`);
    if (image.id) lines.push(`  install name ${image.id.name} (current ${image.id.currentVersion.text}, compatibility ${image.id.compatibilityVersion.text})`);
    if (image.minOs) lines.push(`  minimum ${image.minOs.platform} ${image.minOs.minos.text} (SDK ${image.minOs.sdk.text})`);
    for (const r of image.rpaths) lines.push(`  LC_RPATH ${r}`);
    lines.push('', `Dylibs (${image.dylibs.length}):`);
    image.dylibs.forEach((d, i) => lines.push(`  ${i + 1}. ${d.name} (${d.kind}, compatibility ${d.compatibilityVersion.text}, current ${d.currentVersion.text})`));
    lines.push('', `Imported symbols (${image.imports.length}, from ${image.importsSource}):`);
    for (const s of image.imports) lines.push(`  ${s.name} <- ${s.lookup === 'dylib' ? (s.library ?? `ordinal ${s.libraryOrdinal} (no such dylib)`) : s.lookup}${s.weakImport ? ' (weak import)' : ''}`);
    lines.push('', `Exported symbols (${image.exports.length}, from ${image.exportsSource}):`);
    for (const e of image.exports) lines.push(`  ${e.name}${e.reexport ? ` -> ${e.reexport.library ?? `ordinal ${e.reexport.libraryOrdinal}`}: ${e.reexport.importName}` : ''}${e.weakDefinition ? ' (weak)' : ''}`);
  }
  if (m.findings.length > 0) lines.push('', 'Reader findings:', ...m.findings.map((f) => `  ${f.kind}: ${f.message}`));
  lines.push('', 'No dyld load simulation is made for Mach-O files by this command: the tables above are what the file holds.');
}
