import { seededRandom } from '../binary/support/random';

/**
 * The seeded generator of the Wine differential cases: each case is a dependency graph of DLLs
 * (built later with mingw-w64), where each DLL sits, and how the Python that loads it searches.
 * Pure data: the same seed gives the same cases, and a failing case prints as this data.
 *
 * Every DLL of a case is named `c<id>_<letter>.dll` so that all cases can run in one process
 * without meeting each other's modules; the export names are unique within a case too.
 */

/** Where a DLL file is put, in the words of the search rule that would find it. */
export type Folder = 'module' | 'app' | 'add' | 'conda' | 'path' | 'system' | 'nowhere' | 'assembly';

export type Machine = 'x64' | 'x86' | 'arm64';

/** How a built DLL is damaged after the link. */
export type Damage = 'truncated' | 'garbage' | 'mz-only' | 'resources';

export type ExportSpec =
  | { readonly name: string }
  | { readonly name: string; readonly ordinal: number }
  | { readonly name: string; readonly forward: string };

export type ImportedSymbol = { readonly name: string } | { readonly name: string; readonly ordinal: number };

export interface ImportSpec {
  readonly dll: string;
  readonly symbols: readonly ImportedSymbol[];
  readonly delay: boolean;
}

export interface DllSpec {
  /** File name (the root's ends in .pyd). */
  readonly name: string;
  readonly folder: Folder;
  readonly machine: Machine;
  readonly exports: readonly ExportSpec[];
  readonly imports: readonly ImportSpec[];
  readonly damage?: Damage;
  /** A resource section (RCDATA) is linked in; with damage 'resources' its directory is broken. */
  readonly resources?: boolean;
  /** An embedded manifest (RT_MANIFEST with this ID) depending on the case's private assembly. */
  readonly manifestId?: 1 | 2;
}

export interface CaseSpec {
  readonly id: string;
  /** The template that made it, e.g. "missing-export". */
  readonly kind: string;
  /** "3.7" searches PATH (LOAD_WITH_ALTERED_SEARCH_PATH); "3.8"+ the safe folders. */
  readonly python: '3.7' | '3.8' | '3.11';
  readonly conda: boolean;
  readonly root: DllSpec;
  readonly dlls: readonly DllSpec[];
}

/** System DLLs of Wine's system32 and functions they really export (the cases import them by name). */
const SYSTEM_IMPORTS: readonly { dll: string; fn: string }[] = [
  { dll: 'kernel32.dll', fn: 'GetTickCount' },
  { dll: 'kernel32.dll', fn: 'GetCurrentProcessId' },
  { dll: 'user32.dll', fn: 'GetDesktopWindow' },
  { dll: 'advapi32.dll', fn: 'RegCloseKey' },
  { dll: 'shlwapi.dll', fn: 'PathFindFileNameW' },
  { dll: 'version.dll', fn: 'GetFileVersionInfoSizeW' },
  { dll: 'ws2_32.dll', fn: 'WSAGetLastError' },
  { dll: 'msvcrt.dll', fn: 'strlen' },
];

/** KnownDLLs names whose fake copy a case puts next to the module. */
const KNOWN_DLL_FAKES: readonly string[] = ['shlwapi.dll', 'ws2_32.dll', 'version.dll', 'psapi.dll', 'imm32.dll'];

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(0, list.length - 1)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

interface MutableDll {
  name: string;
  folder: Folder;
  machine: Machine;
  exports: ExportSpec[];
  imports: ImportSpec[];
  damage?: Damage;
  resources?: boolean;
  manifestId?: 1 | 2;
}

/** Mutable builder for one case. */
class CaseBuilder {
  readonly dlls: MutableDll[] = [];
  private letter = 0;
  private ordinal = 5;
  readonly python: CaseSpec['python'];
  readonly conda: boolean;

  constructor(readonly id: string, readonly rng: Rng, python?: CaseSpec['python'], conda?: boolean) {
    this.python = python ?? rng.pick(['3.7', '3.8', '3.11'] as const);
    this.conda = conda ?? (this.python !== '3.7' && rng.chance(0.2));
  }

  get modern(): boolean {
    return this.python !== '3.7';
  }

  /** Folders the dependency search of this Python reaches. */
  searched(): Folder[] {
    if (!this.modern) return ['module', 'system', 'path'];
    if (!this.conda) return ['module', 'app', 'add', 'system'];
    // conda's CPython before 3.10 ignores os.add_dll_directory.
    return this.python === '3.8' ? ['module', 'app', 'conda', 'system'] : ['module', 'app', 'add', 'conda', 'system'];
  }

  /** Folders this Python does not search (a DLL there is as good as absent). */
  unsearched(): Folder[] {
    if (!this.modern) return ['app', 'add'];
    return this.conda && this.python === '3.8' ? ['path', 'add'] : ['path'];
  }

  newName(): string {
    return `c${this.id}_${String.fromCharCode(97 + this.letter++)}.dll`;
  }

  /** A fresh export name of `dll`, and an ordinal no other export of the case uses. */
  fresh(dll: string, tag = 'fn'): string {
    return `${dll.replace(/\.dll$/, '').replace(/^c\d+_/, '')}_${tag}${this.ordinal++}`;
  }

  nextOrdinal(): number {
    return this.ordinal++;
  }

  add(name: string, folder: Folder, exports: ExportSpec[] = [], imports: ImportSpec[] = [], machine: Machine = 'x64'): MutableDll {
    const dll: MutableDll = { name, folder, machine, exports, imports };
    this.dlls.push(dll);
    return dll;
  }

  /** A symbol `provider` exports, imported by name or by ordinal at random. */
  exportOne(provider: { name: string; exports: ExportSpec[] }, byOrdinal = this.rng.chance(0.25)): ImportedSymbol {
    const name = this.fresh(provider.name);
    if (byOrdinal) {
      const ordinal = this.nextOrdinal();
      provider.exports.push({ name, ordinal });
      return { name, ordinal };
    }
    provider.exports.push({ name });
    return { name };
  }

  /** A symbol nobody exports (by name or by an unused ordinal). */
  missingSymbol(provider: string, byOrdinal = this.rng.chance(0.25)): ImportedSymbol {
    const name = this.fresh(provider, 'gone');
    return byOrdinal ? { name, ordinal: this.nextOrdinal() } : { name };
  }

  systemImport(): ImportSpec {
    const s = this.rng.pick(SYSTEM_IMPORTS);
    return { dll: s.dll, symbols: [{ name: s.fn }], delay: false };
  }

  /** A chain root -> d1 -> ... -> d<depth>, each in a searched folder; returns the DLLs after the root. */
  chain(root: { name: string; exports: ExportSpec[]; imports: ImportSpec[] }, depth: number) {
    const chain = [];
    let importer = root;
    for (let i = 0; i < depth; i++) {
      const dll = this.add(this.newName(), this.rng.pick(this.searched()));
      importer.imports.push({ dll: dll.name, symbols: [this.exportOne(dll)], delay: false });
      if (this.rng.chance(0.3)) importer.imports.push(this.systemImport());
      chain.push(dll);
      importer = dll;
    }
    return chain;
  }

  build(kind: string, root: { name: string; folder: Folder; machine: Machine; exports: ExportSpec[]; imports: ImportSpec[] }): CaseSpec {
    const dlls = this.dlls.filter((d) => d !== root);
    return { id: this.id, kind, python: this.python, conda: this.conda, root, dlls };
  }
}

type Template = (b: CaseBuilder) => CaseSpec;

function rootOf(b: CaseBuilder, machine: Machine = 'x64') {
  const root = b.add(`c${b.id}_ext.pyd`, 'module', [], [], machine);
  root.exports.push({ name: `PyInit_c${b.id}_ext` });
  return root;
}

const TEMPLATES: Record<string, Template> = {
  'clean-chain': (b) => {
    const root = rootOf(b);
    b.chain(root, b.rng.int(1, 4));
    if (b.rng.chance(0.5)) root.imports.push(b.systemImport());
    return b.build('clean-chain', root);
  },
  'missing-dll': (b) => {
    const root = rootOf(b);
    const chain = b.chain(root, b.rng.int(0, 3));
    const importer = chain.length > 0 ? b.rng.pick([root, ...chain]) : root;
    const absent = b.newName();
    // Absent, or present only where this Python does not look.
    if (b.rng.chance(0.4)) b.add(absent, b.rng.pick([...b.unsearched(), 'nowhere']), [{ name: b.fresh(absent) }]);
    importer.imports.push({ dll: absent, symbols: [b.missingSymbol(absent, false)], delay: false });
    return b.build('missing-dll', root);
  },
  'missing-export': (b) => {
    const root = rootOf(b);
    const chain = b.chain(root, b.rng.int(1, 4));
    const importer = b.rng.pick([root, ...chain.slice(0, -1)]);
    const provider = chain[[root, ...chain].indexOf(importer)] ?? chain[0];
    if (!provider) throw new Error('chain is empty');
    const symbols = [b.exportOne(provider), b.missingSymbol(provider.name)];
    if (b.rng.chance(0.3)) symbols.push(b.missingSymbol(provider.name));
    importer.imports.push({ dll: provider.name, symbols, delay: false });
    return b.build('missing-export', root);
  },
  'wrong-machine-root': (b) => {
    const machine = b.rng.pick(['x86', 'arm64'] as const);
    const root = rootOf(b, machine);
    if (machine === 'arm64' && b.rng.chance(0.5)) root.imports.push(b.systemImport());
    return b.build('wrong-machine-root', root);
  },
  'wrong-machine-deep': (b) => {
    const root = rootOf(b);
    const chain = b.chain(root, b.rng.int(0, 2));
    const importer = b.rng.pick([root, ...chain]);
    const name = b.newName();
    const searched = b.searched();
    const folder = b.rng.pick(searched);
    const wrong = b.add(name, folder, [], [], b.rng.pick(['x86', 'arm64'] as const));
    const symbol = b.exportOne(wrong, false);
    // Sometimes a right copy further down the search path.
    const later = searched.slice(searched.indexOf(folder) + 1);
    if (later.length > 0 && b.rng.chance(0.5)) b.add(name, b.rng.pick(later), [symbol]);
    importer.imports.push({ dll: name, symbols: [symbol], delay: false });
    return b.build('wrong-machine-deep', root);
  },
  shadowing: (b) => {
    const root = rootOf(b);
    const chain = b.chain(root, b.rng.int(0, 2));
    const importer = b.rng.pick([root, ...chain]);
    const name = b.newName();
    const all: Folder[] = ['module', 'app', 'add', 'path', 'system'];
    if (b.conda) all.push('conda');
    const folders = all.filter(() => b.rng.chance(0.55));
    if (folders.length < 2) folders.push(...all.filter((f) => !folders.includes(f)).slice(0, 2 - folders.length));
    const wanted: ImportedSymbol[] = [];
    const count = b.rng.int(1, 3);
    for (let i = 0; i < count; i++) wanted.push(b.rng.chance(0.25) ? { name: b.fresh(name), ordinal: b.nextOrdinal() } : { name: b.fresh(name) });
    for (const folder of folders) {
      // Each copy exports a random subset of what is wanted (some all of it).
      const exports = wanted.filter(() => b.rng.chance(0.7)).map((s) => ({ ...s }));
      b.add(name, folder, exports);
    }
    importer.imports.push({ dll: name, symbols: wanted, delay: false });
    return b.build('shadowing', root);
  },
  delay: (b) => {
    const root = rootOf(b);
    const chain = b.chain(root, b.rng.int(0, 2));
    const importer = b.rng.pick([root, ...chain]);
    const name = b.newName();
    if (b.rng.chance(0.5)) {
      importer.imports.push({ dll: name, symbols: [b.missingSymbol(name, false)], delay: true });
    } else {
      const dll = b.add(name, b.rng.pick(b.searched()));
      importer.imports.push({ dll: name, symbols: [b.exportOne(dll, false), b.missingSymbol(name, false)], delay: true });
    }
    return b.build('delay', root);
  },
  forwarder: (b) => {
    const root = rootOf(b);
    const first = b.add(b.newName(), b.rng.pick(b.searched()));
    // A chain of forwarders first -> ... -> the last hop, which is a real export, a system
    // function, a missing function or a missing DLL.
    const hops = b.rng.int(1, 3);
    let current = first;
    let exportName = b.fresh(first.name, 'fw');
    const head = exportName;
    for (let i = 0; i < hops; i++) {
      const end = i === hops - 1;
      const outcome = end ? b.rng.pick(['present', 'present', 'system', 'missing-function', 'missing-dll'] as const) : 'present';
      if (outcome === 'system') {
        const s = b.rng.pick(SYSTEM_IMPORTS.filter((x) => x.dll !== 'msvcrt.dll'));
        current.exports.push({ name: exportName, forward: `${s.dll.replace(/\.dll$/, '')}.${s.fn}` });
        break;
      }
      if (outcome === 'missing-dll') {
        const gone = b.newName();
        current.exports.push({ name: exportName, forward: `${gone.replace(/\.dll$/, '')}.${b.fresh(gone)}` });
        break;
      }
      const target = b.add(b.newName(), b.rng.pick(b.searched()));
      const targetName = b.fresh(target.name, end ? 'fn' : 'fw');
      current.exports.push({ name: exportName, forward: `${target.name.replace(/\.dll$/, '')}.${targetName}` });
      if (outcome === 'missing-function') break;
      if (end) target.exports.push({ name: targetName });
      current = target;
      exportName = targetName;
    }
    root.imports.push({ dll: first.name, symbols: [{ name: head }], delay: false });
    return b.build('forwarder', root);
  },
  'known-dll': (b) => {
    const root = rootOf(b);
    const name = b.rng.pick(KNOWN_DLL_FAKES);
    const real = SYSTEM_IMPORTS.find((s) => s.dll === name);
    // A fake of a KnownDLL next to the module: the real one is used whatever the search path says.
    const fakeExport = `fake_${b.id}_${b.nextOrdinal()}`;
    // Only in the case's own folders: python.exe's folder and System32 are shared by all cases.
    b.add(name, b.modern ? b.rng.pick(['module', 'add'] as const) : 'module', [{ name: fakeExport }]);
    const symbols: ImportedSymbol[] = [];
    if (real && b.rng.chance(0.5)) symbols.push({ name: real.fn });
    else symbols.push({ name: fakeExport });
    root.imports.push({ dll: name, symbols, delay: false });
    return b.build('known-dll', root);
  },
  'api-set': (b) => {
    const root = rootOf(b);
    const choice = b.rng.pick(['core', 'core', 'ext-missing', 'ext-present'] as const);
    if (choice === 'core') root.imports.push({ dll: 'api-ms-win-core-synch-l1-2-0.dll', symbols: [{ name: 'Sleep' }], delay: false });
    else if (choice === 'ext-present') root.imports.push({ dll: 'api-ms-win-core-sysinfo-l1-1-0.dll', symbols: [{ name: 'GetTickCount' }], delay: false });
    else root.imports.push({ dll: `ext-ms-win-doctor${b.id}-l1-1-0.dll`, symbols: [{ name: 'DoctorProbe' }], delay: false });
    b.chain(root, b.rng.int(0, 2));
    return b.build('api-set', root);
  },
  'side-by-side': (b) => {
    // The module's manifest names the private assembly c<id>.asm (folder pkg/c<id>.asm): the loader
    // applies manifest ID 2 to a DLL and ignores ID 1.
    const root = rootOf(b);
    root.manifestId = b.rng.pick([1, 2] as const);
    const name = b.newName();
    const wanted = { name: b.fresh(name) };
    b.add(name, 'assembly', [wanted]);
    if (b.rng.chance(0.7)) b.add(name, b.rng.pick(b.searched()), b.rng.chance(0.5) ? [{ name: b.fresh(name) }] : [{ ...wanted }]);
    root.imports.push({ dll: name, symbols: [wanted], delay: false });
    if (b.rng.chance(0.4)) root.imports.push(b.systemImport());
    return b.build('side-by-side', root);
  },
  damaged: (b) => {
    const root = rootOf(b);
    const chain = b.chain(root, b.rng.int(1, 3));
    const victim = b.rng.pick(chain);
    victim.damage = b.rng.pick(['truncated', 'garbage', 'mz-only', 'resources'] as const);
    if (victim.damage === 'resources') victim.resources = true;
    return b.build('damaged', root);
  },
};

/** How many of each template; the total is the suite's case count. */
const MIX: readonly [string, number][] = [
  ['clean-chain', 30], ['missing-dll', 40], ['missing-export', 40], ['wrong-machine-root', 16], ['wrong-machine-deep', 30],
  ['shadowing', 60], ['delay', 20], ['forwarder', 36], ['known-dll', 12], ['api-set', 12], ['damaged', 32], ['side-by-side', 16],
];

/** The cases for `seed`, in a stable order. */
export function generateCases(seed: number): CaseSpec[] {
  const rng = new Rng(seed);
  const cases: CaseSpec[] = [];
  let n = 0;
  for (const [kind, count] of MIX) {
    for (let i = 0; i < count; i++) {
      const id = String(n++).padStart(3, '0');
      const template = TEMPLATES[kind];
      if (!template) throw new Error(`unknown template ${kind}`);
      cases.push(template(new CaseBuilder(id, new Rng(Math.floor(rng.int(0, 2 ** 31 - 1))))));
    }
  }
  return cases;
}
