/**
 * The x86 ISA levels files state in their `.note.gnu.property` (app/binary's ELF reader), for the
 * CPU rule. Unreadable files and files stating no level are left out: they prove nothing.
 */
import type { ModuleFs } from '../../binary/module-fs';

/** At most this many files are read for one diagnosis (the modules and what they load). */
const MAX_FILES = 2000;

export async function isaNeedsOf(files: readonly string[], fs: ModuleFs): Promise<ReadonlyMap<string, readonly string[]>> {
  const out = new Map<string, readonly string[]>();
  await Promise.all(
    files.slice(0, MAX_FILES).map(async (file) => {
      try {
        const module = await fs.readModule(file);
        if (module.format === 'elf' && (module.x86IsaNeeded ?? []).length > 0) out.set(file, module.x86IsaNeeded ?? []);
      } catch {
        // Not a module, or unreadable: the loader simulation reports it.
      }
    }),
  );
  return out;
}
