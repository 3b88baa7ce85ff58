/**
 * Reads a pasted import error: which module failed and which class of load failure it is.
 *
 * Users paste anything from one line to a whole log, on Windows in any display language, on Linux
 * or on macOS. The reader scans from the end for the last line a known form matches, skipping those
 * that are not load failures (a Win32 code raised by CreateProcess, pip's [WinError 5]); it takes the
 * Win32 code from the structure wherever it stands, else maps the (possibly garbled) system message
 * back to its code through the localised table, and takes the module from the innermost traceback
 * frame that imports a compiled module. Text no form matches is reported as not recognised; nothing
 * is guessed. Forms: CPython Python/dynload_win.c (≤3.7 "DLL load failed: …", ≥3.8 "… while
 * importing X: …", "with error code N", "Module use of pythonXY.dll conflicts…"), ctypes ("[WinError
 * N]", 3.8+ "Could not find module '…' (or one of its dependencies)"), pywin32, PyInstaller's
 * bootloader, glibc's dlerror() texts and dyld's (macOS) messages. The corpus in
 * tests/diagnosis/corpus holds a real public example of each.
 */
import type { DyldFacts, FailureClass, ModuleSource, ParsedError, Platform } from '../types';
import { findWindowsMessage, lookupWindowsMessage } from './windows-messages';
import { repairMojibake } from './mojibake';

/** The paste the wizard accepts (app/contract repeats it); the reader itself reads more. */
export const MAX_ERROR_TEXT = 256 * 1024;
/**
 * What the reader scans: the end of a log up to the CLI's error-file bound (4 MiB). Every pattern
 * is linear and the scan runs from the end, so the last load failure of a long log is found.
 */
const MAX_SCANNED_TEXT = 4 * 1024 * 1024;
const MAX_LINE = 4096;
/** Lines longer than this are not searched for a message anywhere in them (a minified blob). */
const MAX_SCAN_LINE = 1024;

const CODE_CLASSES: Readonly<Record<number, FailureClass>> = {
  87: 'invalid-parameter',
  126: 'module-not-found',
  127: 'procedure-not-found',
  182: 'invalid-ordinal',
  193: 'bad-exe-format',
  216: 'bad-exe-format', // ERROR_EXE_MACHINE_TYPE_MISMATCH: built for another machine
  1114: 'dll-init-failed',
  1455: 'paging-file-too-small',
};

/** The failure class of a Win32 error code, 'unknown' for codes outside the load failures we know. */
export function failureClassForCode(code: number | null): FailureClass {
  if (code === null) return 'unknown';
  return CODE_CLASSES[code] ?? 'unknown';
}

interface LineMatch {
  failureClass: FailureClass;
  platform: Platform;
  errorCode: number | null;
  language: string | null;
  shortModule: string | null;
  /** A file named by the text that is the extension module itself (Linux .so path). */
  modulePath: string | null;
  library: string | null;
  symbol: string | null;
  symbolVersion: string | null;
  pythonDll: string | null;
  /** The Windows message part still to be looked up (may continue on the next line). */
  windowsMessage: string | null;
  dyld: DyldFacts | null;
}

function blank(): LineMatch {
  return {
    failureClass: 'unknown',
    platform: 'unknown',
    errorCode: null,
    language: null,
    shortModule: null,
    modulePath: null,
    library: null,
    symbol: null,
    symbolVersion: null,
    pythonDll: null,
    windowsMessage: null,
    dyld: null,
  };
}

const RX = {
  pythonDllConflict: /Module use of (python\d+\.dll) conflicts with this version of Python/i,
  dllLoadCode: /DLL load failed with error code (-?\d+) while importing ([\w.]+)/,
  dllLoadWhile: /DLL load failed while importing ([\w.]+)\s*[:：]\s*(.*)$/,
  dllLoadOld: /DLL load failed\s*[:：]?\s*(.*)$/i,
  winError: /\[(?:WinError|Error)\s*(-?\d+)\s*\]\s*(.*)$/,
  errorLoading: /Error loading\s+\\?["“”]([^"“”]+?)\\?["“”]/,
  pywintypes: /pywintypes\.error:\s*\((-?\d+),\s*'(\w+)',\s*'([^']*)'/,
  loadLibrary: /\bLoadLibrary(?:Ex)?[WA]?\s*:\s*(.*)$/,
  pythonDllPath: /(?:Failed to load|Error loading) Python DLL:?\s*['"]?([^'"\s][^'"]*?\.dll)['"]?/i,
  /** PyInstaller's bootloader, any version: "Failed to load Python DLL '…'" / "Error loading Python DLL: …". */
  bootloader: /(?:Failed to load|Error loading) Python DLL\b/i,
  statedCode: /\(?error code (\d+)\)?/i,
  errorNumber: /\b(?:error|errorcode|error code)\s*[:#]?\s*(\d{2,4})\b/i,
  errorNumberContext: /dll|loadlibrary|windowserror|winerror|\bload/i,
  hresult: /HRESULT\s*[:：]?\s*0x8007([0-9a-f]{4})\b/i,
  ctypesNotFound: /Could not find module '([^']+)' \(or one of its dependencies\)/,
  // glibc's texts follow the file they are about: found by their literal words, the file is then the
  // token before them (tokenBefore), so no pattern starts with an unbounded class (quadratic on long lines).
  soNotFound: /: cannot open shared object file: No such file or directory/,
  undefinedSymbol: /: undefined symbol: ([^\s'",)`]+)/,
  symbolVersion: /: version [`'‘]?([A-Za-z_][\w.]{0,80}?)['’`]? not found(?:\s*\(required by ([^)\s]+)\))?/,
  requiredBy: /^\s*\(required by ([^)\s]+)\)/,
  wrongElfClass: /: wrong ELF class: (ELFCLASS\d+)/,
  exceptionType: /^\s*([A-Za-z_][\w.]*(?:Error|Exception))\s*:/,
};

function matchLine(line: string): LineMatch | null {
  let m = RX.pythonDllConflict.exec(line);
  if (m) return { ...blank(), failureClass: 'python-dll-conflict', platform: 'windows', pythonDll: m[1] ?? null };

  m = RX.dllLoadCode.exec(line);
  if (m) {
    const code = Number(m[1]);
    return { ...blank(), failureClass: failureClassForCode(code), platform: 'windows', errorCode: code, shortModule: m[2] ?? null };
  }
  m = RX.dllLoadWhile.exec(line);
  if (m) return { ...blank(), platform: 'windows', shortModule: m[1] ?? null, windowsMessage: m[2] ?? '' };
  m = RX.dllLoadOld.exec(line);
  if (m) return { ...blank(), platform: 'windows', windowsMessage: m[1] ?? '' };

  m = RX.ctypesNotFound.exec(line);
  if (m) return { ...blank(), failureClass: 'module-not-found', platform: 'windows', errorCode: 126, library: m[1] ?? null };

  m = RX.winError.exec(line);
  if (m) {
    const code = Number(m[1]);
    const loading = RX.errorLoading.exec(line);
    return {
      ...blank(),
      failureClass: failureClassForCode(code),
      platform: 'windows',
      errorCode: code,
      library: loading ? unescapePath(loading[1] ?? '') : null,
      windowsMessage: m[2] ?? '',
    };
  }

  m = RX.pywintypes.exec(line);
  if (m) {
    // pywin32 names the API: LoadLibrary(Ex) is a load failure, CreateProcess & co. are not.
    if (!/LoadLibrary/i.test(m[2] ?? '')) return null;
    const code = Number(m[1]);
    return { ...blank(), failureClass: failureClassForCode(code), platform: 'windows', errorCode: code, windowsMessage: m[3] ?? '' };
  }
  m = RX.loadLibrary.exec(line);
  if (m && !/^\s*$/.test(m[1] ?? '')) return { ...blank(), platform: 'windows', windowsMessage: m[1] ?? '' };

  if (MACOS.test(line)) return { ...blank(), platform: 'macos' };
  if (RX.bootloader.test(line)) return { ...blank(), platform: 'windows', windowsMessage: '' };

  m = RX.symbolVersion.exec(line);
  if (m) {
    return {
      ...blank(),
      failureClass: 'symbol-version-not-found',
      platform: 'linux',
      library: tokenBefore(line, m.index),
      symbolVersion: m[1] ?? null,
      modulePath: m[2] ?? null,
    };
  }
  m = RX.undefinedSymbol.exec(line);
  if (m) {
    const file = tokenBefore(line, m.index);
    if (file !== null && /\.so/.test(file)) return { ...blank(), failureClass: 'undefined-symbol', platform: 'linux', modulePath: file, symbol: m[1] ?? null };
  }
  m = RX.soNotFound.exec(line);
  if (m) {
    const library = tokenBefore(line, m.index);
    if (library !== null) return { ...blank(), failureClass: 'shared-object-not-found', platform: 'linux', library };
  }
  m = RX.wrongElfClass.exec(line);
  if (m) return { ...blank(), failureClass: 'wrong-elf-class', platform: 'linux', modulePath: tokenBefore(line, m.index), symbol: null };
  return windowsByStructure(line);
}

/** Characters that end a file name pasted before a glibc message (spaces, quotes, `ImportError:`). */
const TOKEN_END = new Set([' ', '\t', ':', '：', "'", '"', '`', '(']);

/** The file name that ends at `end` in the line, read backwards (linear in its length). */
function tokenBefore(line: string, end: number): string | null {
  let start = end;
  while (start > 0 && !TOKEN_END.has(line[start - 1] ?? ' ')) start--;
  return start < end ? line.slice(start, end) : null;
}

/**
 * A Windows load failure told by its structure rather than by Python's wording: an HRESULT
 * 0x8007xxxx (.NET), "error N" beside a DLL or LoadLibrary, or a loader message anywhere in the line.
 * Only codes of load failures count, so "error 2" in a log stays noise.
 */
function windowsByStructure(line: string): LineMatch | null {
  const h = RX.hresult.exec(line);
  if (h) {
    const code = Number.parseInt(h[1] ?? '', 16);
    if (failureClassForCode(code) !== 'unknown') return { ...blank(), failureClass: failureClassForCode(code), platform: 'windows', errorCode: code, windowsMessage: line };
  }
  const n = RX.errorNumber.exec(line);
  if (n && RX.errorNumberContext.test(line)) {
    const code = Number(n[1]);
    if (failureClassForCode(code) !== 'unknown') return { ...blank(), failureClass: failureClassForCode(code), platform: 'windows', errorCode: code, windowsMessage: line };
  }
  const found = line.length <= MAX_SCAN_LINE ? findWindowsMessage(line) : null;
  if (found) return { ...blank(), failureClass: failureClassForCode(found.code), platform: 'windows', errorCode: found.code, language: found.language };
  return null;
}

/** dyld's own words (macOS): the load failure forms of dlopen(3). */
const MACOS = /dlopen\([^()]*,\s*(?:0x)?[0-9a-fA-F]+\)|Library not loaded:|Symbol not found:|symbol not found in flat namespace|mach-o file, but is an incompatible architecture/;

/**
 * Reads a dyld message spread over the lines that follow it (Referenced from, Reason, Expected in,
 * a wrapped tried: list) into facts. Text is joined first: consoles wrap "site-\npackages".
 */
function readDyld(block: string): { match: LineMatch; facts: DyldFacts } {
  // JSON-escaped pastes carry literal "\n"; dyld 13+ quotes paths ('/usr/lib/…').
  const text = block.replace(/\\n/g, '\n').replace(/-\r?\n\s*/g, '-').replace(/\s*\r?\n\s*/g, ' ');
  const unquote = (v: string | undefined): string | null => (v === undefined ? null : v.trim().replace(/^['"]|['"]$/g, ''));
  const facts: DyldFacts = { image: null, installName: null, referencedFrom: null, reason: null, tried: [], expectedIn: null, have: [], need: null };
  const image = /dlopen\(([^,()]+?),\s*(?:0x)?[0-9a-fA-F]+\)/.exec(text);
  facts.image = image?.[1]?.trim() ?? null;
  facts.installName = unquote(/Library not loaded:\s*(\S+)/.exec(text)?.[1]);
  facts.referencedFrom = unquote(/Referenced from:\s*(?:<[^>]*>\s*)?(.+?)(?=\s+(?:Reason:|Expected in:|in \/)|\s*$)/.exec(text)?.[1]);
  facts.reason = /Reason:\s*(.+?)(?=\s+Referenced from:|\s*$)/.exec(text)?.[1]?.trim() ?? null;
  facts.expectedIn = /Expected in:\s*(?:<[^>]*>\s*)?(.+?)(?=\s+(?:in \/|Referenced from:)|\s*$)/.exec(text)?.[1]?.trim() ?? null;
  const triedAt = text.indexOf('tried:');
  if (triedAt >= 0) {
    for (const t of text.slice(triedAt).matchAll(/'([^']+)'\s*\(((?:[^()]|\([^()]*\))*)\)/g)) facts.tried.push({ path: t[1] ?? '', why: t[2] ?? '' });
  }
  const arch = /incompatible architecture \(have \(?'?([\w,' ]+?)'?\)?,\s*need \(?'?(\w+)'?/.exec(text);
  if (arch) {
    facts.have = (arch[1] ?? '').split(/[,' ]+/).filter((a) => a.length > 0);
    facts.need = arch[2] ?? null;
  }
  const symbol = /Symbol not found:\s*([^\s'")]+)/.exec(text) ?? /symbol not found in flat namespace\s*[('"]?([^'")`\s]+)/.exec(text);
  const match: LineMatch = { ...blank(), platform: 'macos', dyld: facts };
  if (arch) {
    match.failureClass = 'incompatible-architecture';
    match.library = facts.tried.find((t) => /incompatible architecture/.test(t.why))?.path ?? facts.image;
  } else if (symbol) {
    match.failureClass = 'undefined-symbol';
    match.symbol = symbol[1] ?? null;
  } else if (/Incompatible library version/i.test(text)) {
    match.failureClass = 'symbol-version-not-found';
    match.library = facts.installName;
  } else if (facts.installName !== null || /image not found|no such file/.test(text)) {
    match.failureClass = 'shared-object-not-found';
    match.library = facts.installName;
  }
  // The module is the extension dlopen() was loading, or the one that references the missing library.
  const modulePath = [facts.image, facts.referencedFrom].find((p) => p !== null && isExtensionFile(p)) ?? null;
  match.modulePath = modulePath;
  return { match, facts };
}

/**
 * Whether a file is a Python extension module rather than a plain library: `.pyd`, or a `.so`
 * without a `lib` prefix or a version after `.so` (`_ext.cpython-311-x86_64-linux-gnu.so`,
 * `_dearpygui.so`), never `libpython3.7m.so.1.0`, `librknnc.so` or a `.dylib`.
 */
export function isExtensionFile(path: string): boolean {
  const base = pathParts(path).at(-1) ?? '';
  if (/\.pyd$/i.test(base)) return true;
  if (!/\.so$/.test(base)) return false;
  // A CPython or stable-ABI tag makes it an extension whatever its name (libfoo.cpython-311-….so).
  return /\.(?:cpython-|abi3\.|pypy)/.test(base) || !/^lib/.test(base);
}

/** Splits a path on either separator; pasted Windows paths keep their backslashes. */
function pathParts(path: string): string[] {
  return path.split(/[\\/]+/).filter((p) => p.length > 0);
}

/** `_imaging.cp36-win_amd64.pyd` → `_imaging`; `_ext.cpython-311-x86_64-linux-gnu.so` → `_ext`. */
export function moduleNameFromFile(fileName: string): string {
  const base = fileName.replace(/\.(pyd|so|py|pyc|dll)$/i, '');
  return base.split('.')[0] ?? base;
}

/**
 * The dotted module a file inside an environment stands for: the part after site-packages
 * (or dist-packages, DLLs, lib-dynload), without `__init__` and file suffixes.
 */
export function dottedModuleFromPath(path: string): string | null {
  const parts = pathParts(path);
  // An egg directory (`pkg-1.0-py3.8-linux-x86_64.egg`) is a sys.path entry of its own.
  const anchor = parts.findLastIndex((p) => /^(site-packages|dist-packages|DLLs|lib-dynload)$/i.test(p) || /\.egg$/i.test(p));
  if (anchor < 0 || anchor === parts.length - 1) return null;
  const rest = parts.slice(anchor + 1);
  const last = rest.pop();
  if (last === undefined) return null;
  const name = moduleNameFromFile(last);
  if (name !== '__init__') rest.push(name);
  if (rest.length === 0 || !rest.every((p) => /^[A-Za-z_]\w*$/.test(p))) return null;
  return rest.join('.');
}

const FILE_FRAME = /^\s*File "([^"]+)", line \d+/;
/** IPython/Jupyter frame header: `~\env\lib\site-packages\torch\__init__.py in <module>`. */
const IPYTHON_FRAME = /^\s*(\S.*?\.py)\s+in\s+<?[\w>]+/;
const FROM_IMPORT = /^\s*from\s+(\.*)([\w.]*)\s+import\s+(\(|\*|[\w]+)(?:\s+as\s+\w+)?/;
const PLAIN_IMPORT = /^\s*import\s+([\w.]+)(?:\s+as\s+\w+)?\s*(?:,|$)/;
/** An import statement pasted on one line with its error: `from . import multiarray ImportError: …`. */
const INLINE_IMPORT = /(?:^|[\s"“(])((?:from\s+\.*[\w.]*\s+import\s+(?:\*|\w+))|(?:import\s+[\w.]+))\s+(?:\w+\s?)?Error\b/;
/** Quote and Jupyter prefixes in front of a source line: `> `, `---> 81 `, `     79 `. */
const LINE_PREFIX = /^(?:\s*>)*\s*[`'"]*\s*(?:-*>\s*)?(?:\d+\s+)?/;
/** Process creation, not module loading: the same Win32 codes come from CreateProcess. */
const PROCESS_CREATION = /subprocess\.py|_execute_child|CreateProcess|ShellExecute|(?:failed to|unable to) execute(?! script)|multiprocessing[\\/](?:context|popen)|\bPopen\(/i;
/** What says a module or DLL was being loaded, for codes that mostly come from running programs (216). */
const LOAD_CONTEXT = /DLL load failed|LoadLibrary|Error loading|_dlopen|\.pyd\b|\.dll\b/i;

interface ImportStatement {
  module: string;
  source: ModuleSource;
  /** Found in an outer frame: the innermost frame ran something else (torch's `raise err`). */
  outer?: boolean;
}

function frameFileAbove(lines: readonly string[], i: number): string | null {
  for (let j = i - 1; j >= 0 && j >= i - 8; j--) {
    const line = lines[j] ?? '';
    const frame = FILE_FRAME.exec(line) ?? IPYTHON_FRAME.exec(line.replace(/^(?:\s*>)+/, ''));
    if (frame) return frame[1] ?? null;
  }
  return null;
}

function statementModule(text: string, lines: readonly string[], i: number, shortModule: string | null): ImportStatement | null {
  const line = text.replace(LINE_PREFIX, '');
  const from = FROM_IMPORT.exec(line);
  const plain = from ? null : PLAIN_IMPORT.exec(line);
  if (!from && !plain) return null;
  if (plain) return { module: plain[1] ?? '', source: 'import-statement' };
  const dots = from?.[1] ?? '';
  let base = from?.[2] ?? '';
  const name = from?.[3] ?? '';
  if (dots.length > 0) {
    const file = frameFileAbove(lines, i);
    const framePkg = file ? dottedModuleFromPath(file) : null;
    if (framePkg !== null) {
      const pkgParts = framePkg.split('.');
      // The frame's module is a submodule unless the file is a package's __init__.
      const isInit = /__init__\.py$/i.test(file ?? '');
      const up = (isInit ? 0 : 1) + (dots.length - 1);
      const anchor = pkgParts.slice(0, Math.max(0, pkgParts.length - up));
      base = [...anchor, ...(base.length > 0 ? [base] : [])].join('.');
    }
  }
  // `from . import X` imports a module; so do private names and ALL-CAPS extension names (mpi4py.MPI).
  const relativeModule = dots.length > 0 && (from?.[2] ?? '') === '';
  const importsSubmodule =
    name !== '(' && name !== '*' && (relativeModule || name.startsWith('_') || name === shortModule || /^[A-Z][A-Z0-9]+$/.test(name));
  const module = importsSubmodule ? [base, name].filter((p) => p.length > 0).join('.') : base;
  if (module.length === 0) return null;
  return { module, source: 'from-import' };
}

/**
 * The module the innermost traceback statement before the error imports, resolved against the file
 * of its frame for relative imports (`from . import _imaging as core` in PIL/Image.py → PIL._imaging).
 */
function lastImportStatement(lines: readonly string[], errorIndex: number, shortModule: string | null): ImportStatement | null {
  const inline = INLINE_IMPORT.exec(lines[errorIndex] ?? '');
  if (inline) {
    const found = statementModule(inline[1] ?? '', lines, errorIndex, shortModule);
    if (found) return found;
  }
  let outer = false;
  for (let i = errorIndex - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    // The traceback ends where it starts: an earlier traceback's imports are not this error's.
    if (/^\s*Traceback \(most recent call last\)/.test(line)) break;
    const found = statementModule(line, lines, i, shortModule);
    if (found) return outer ? { ...found, outer } : found;
    if (FILE_FRAME.test(line)) outer = true;
  }
  return null;
}

function lastExceptionType(lines: readonly string[], from: number): string | null {
  for (let i = from; i >= 0 && i >= from - 3; i--) {
    const m = RX.exceptionType.exec(lines[i] ?? '');
    if (m) return m[1] ?? null;
  }
  return null;
}

function unknown(): ParsedError {
  return {
    recognized: false,
    failureClass: 'unknown',
    platform: 'unknown',
    errorCode: null,
    language: null,
    exceptionType: null,
    module: null,
    moduleSource: null,
    library: null,
    symbol: null,
    symbolVersion: null,
    pythonDll: null,
    line: null,
  };
}

/** The Windows message of a match: the table, then a repaired code page, then its shape. */
function classifyWindowsMessage(match: LineMatch, message: string, next: string): void {
  const candidates = [message, `${message}${next}`];
  for (const candidate of candidates) {
    const found = lookupWindowsMessage(candidate) ?? findWindowsMessage(candidate);
    if (found) {
      match.errorCode ??= found.code;
      match.language ??= found.language;
      return;
    }
  }
  for (const repaired of repairMojibake(message)) {
    const found = lookupWindowsMessage(repaired) ?? findWindowsMessage(repaired);
    if (found) {
      match.errorCode ??= found.code;
      match.language ??= found.language;
      return;
    }
  }
  // Bytes lost to '?' or U+FFFD: only the shape is left. "(DLL)" stands in the 1114 text of every
  // language Windows ships ("动态链接库(DLL)初始化例程失败", Greek "… (DLL) απέτυχε").
  if (match.errorCode === null && /[?\uFFFD]{2}/.test(message) && /\(DLL\)/.test(message)) match.errorCode = 1114;
}

/** Windows and Linux paths as pasted, with JSON escaping undone (`C:\\\\env` → `C:\\env`). */
function unescapePath(path: string): string {
  return path.includes('\\\\') ? path.replace(/\\\\/g, '\\') : path;
}

/**
 * The load failure line i holds, if it is one: a Windows error raised while creating a process
 * (subprocess, CreateProcess) is not, and a dyld mention that states no failure is not. A macOS
 * message is read from where it starts, which may be lines above i when the console wrapped it.
 */
function acceptedMatch(lines: readonly string[], i: number): { match: LineMatch; index: number } | null {
  const match = matchLine(lines[i] ?? '');
  if (match === null) return null;
  if (match.platform === 'windows') {
    const around = lines.slice(Math.max(0, i - 12), i + 10).join('\n');
    if (PROCESS_CREATION.test(around) && !LOAD_CONTEXT.test(around)) return null;
    // ERROR_EXE_MACHINE_TYPE_MISMATCH comes from CreateProcess; LoadLibrary says 193 for a foreign DLL.
    const code = match.errorCode ?? (match.windowsMessage !== null ? (findWindowsMessage(match.windowsMessage)?.code ?? null) : null);
    // A code outside the load failures ([WinError 5] from pip) is one only beside a load; so is 216.
    const loadNearby = LOAD_CONTEXT.test(lines.slice(Math.max(0, i - 2), i + 3).join('\n'));
    if ((code === 216 || (code !== null && failureClassForCode(code) === 'unknown')) && !loadNearby) return null;
    return { match, index: i };
  }
  if (match.platform !== 'macos') return { match, index: i };
  let start = i;
  for (let j = i; j >= 0 && j >= i - 8; j--) {
    if (/dlopen\(|Library not loaded:|Dyld Error|dyld:/.test(lines[j] ?? '')) {
      start = j;
      if (/dlopen\(/.test(lines[j] ?? '')) break;
    }
  }
  const { match: read } = readDyld(lines.slice(start, start + 10).join('\n'));
  return read.failureClass === 'unknown' ? null : { match: read, index: start };
}

/**
 * Recognises the module and the failure class in a pasted error.
 *
 * Returns `recognized: false` for text that holds no known load-failure form. A Windows message in
 * a language the table lacks keeps `failureClass: 'unknown'` with the module still named: the
 * diagnosis re-derives the class by probing, it never guesses it from the words. The scan runs from
 * the end, so the last load failure of a long log is the one read; every pattern is linear.
 */
export function parseErrorText(input: string): ParsedError {
  const clipped = input.length > MAX_SCANNED_TEXT ? input.slice(input.length - MAX_SCANNED_TEXT) : input;
  const lines = clipped
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => (l.length > MAX_LINE ? l.slice(0, MAX_LINE) : l));

  let index = -1;
  let match: LineMatch | null = null;
  for (let i = lines.length - 1; i >= 0 && match === null; i--) {
    const found = acceptedMatch(lines, i);
    if (found) {
      match = found.match;
      index = found.index;
    }
  }
  if (match === null) return unknown();

  const line = (lines[index] ?? '').trim();
  const next = lines[index + 1] ?? '';
  const limitations: string[] = [];
  if (match.platform === 'macos') {
    limitations.push(
      'macOS: the dyld message is read (library, install name, search paths, symbol, architectures); the Mach-O files themselves are analysed (dyld simulation) only where the environment is on this Mac, which also runs the live import test.',
    );
  }

  if (match.windowsMessage !== null) classifyWindowsMessage(match, match.windowsMessage, next);
  if (match.errorCode === null && RX.bootloader.test(line)) {
    // The bootloader's own "(error code 14001)", possibly on the wrapped next line.
    const stated = RX.statedCode.exec(`${line} ${next}`);
    if (stated) match.errorCode = Number(stated[1]);
  }
  if (match.failureClass === 'unknown') match.failureClass = failureClassForCode(match.errorCode);

  // glibc wraps "(required by …)" onto the next line in narrow consoles.
  if (match.failureClass === 'symbol-version-not-found' && match.modulePath === null) {
    const wrapped = RX.requiredBy.exec(next);
    if (wrapped) match.modulePath = wrapped[1] ?? null;
  }
  // A plain library (libpython3.7m.so.1.0, librknnc.so) that needs the symbol is not a Python module.
  if (match.modulePath !== null && match.platform === 'linux' && match.failureClass === 'symbol-version-not-found' && !isExtensionFile(match.modulePath)) {
    match.modulePath = null;
  }

  if (match.platform === 'windows') {
    // "Error loading" may end the line with its path on the next one.
    const loading = RX.errorLoading.exec(`${line} ${next}`);
    if (loading && match.library === null) match.library = unescapePath(loading[1] ?? '');
    if (match.library === null) {
      // PyInstaller's bootloader: "Failed to load Python DLL '…\python312.dll'." then "LoadLibrary: …".
      for (let i = index; i >= 0 && i >= index - 3; i--) {
        const dll = RX.pythonDllPath.exec(lines.slice(i, index + 1).join(' '));
        if (dll) {
          match.library = dll[1] ?? null;
          break;
        }
      }
    }
  }

  // NumPy wraps the original error ("Original error was: DLL load failed: …"): the statement that
  // failed is the one above the original, earlier in the paste.
  let anchor = index;
  const original = /Original error was:\s*(.+)$/.exec(line);
  if (original) {
    const text = (original[1] ?? '').trim();
    for (let i = index - 1; i >= 0; i--) {
      if ((lines[i] ?? '').includes(text) && !/Original error was/.test(lines[i] ?? '')) {
        anchor = i;
        break;
      }
    }
  }

  let module: string | null = null;
  let moduleSource: ModuleSource | null = null;
  if (match.modulePath !== null && (match.platform !== 'linux' || match.failureClass !== 'shared-object-not-found')) {
    module = dottedModuleFromPath(match.modulePath) ?? moduleNameFromFile(pathParts(match.modulePath).at(-1) ?? '');
    moduleSource = 'shared-object-path';
  }
  const statement = lastImportStatement(lines, anchor, match.shortModule);
  if (match.shortModule !== null) {
    module = match.shortModule;
    moduleSource = 'while-importing';
    // The statement may name more than the module (`from ._rust import _to_zenkaku`): keep its path
    // up to the module Python named.
    const parts = statement?.module.split('.') ?? [];
    const at = parts.lastIndexOf(match.shortModule);
    if (at >= 0) module = parts.slice(0, at + 1).join('.');
  } else if (module === null && statement !== null) {
    module = statement.module;
    moduleSource = statement.source;
  }
  if (module === null && statement === null && /^\s*Traceback\b/.test(next)) {
    // Streamlit and some loggers print the error first and its traceback after it.
    const below = lines.slice(index + 1, index + 80);
    const end = below.findIndex((l, i) => i > 0 && l.trim().length === 0);
    const frames = end < 0 ? below : below.slice(0, end);
    const found = lastImportStatement(frames, frames.length, match.shortModule);
    if (found) {
      module = found.module;
      moduleSource = found.source;
    }
  }
  if ((module === null || statement?.outer === true) && match.library !== null && loading(line, next)) {
    // torch: 'Error loading "…\torch\lib\c10.dll"': the package is the best the text offers.
    const dotted = dottedModuleFromPath(match.library);
    if (dotted !== null) {
      module = dotted.split('.')[0] ?? null;
      moduleSource = 'error-loading';
    }
  }
  if (module === null && match.platform !== 'macos') {
    for (let i = anchor - 1; i >= 0; i--) {
      const frame = FILE_FRAME.exec(lines[i] ?? '');
      const dotted = frame ? dottedModuleFromPath(frame[1] ?? '') : null;
      if (dotted !== null) {
        module = dotted;
        moduleSource = 'file-path';
        break;
      }
    }
  }

  const parsed: ParsedError = {
    recognized: true,
    failureClass: match.failureClass,
    platform: match.platform,
    errorCode: match.errorCode,
    language: match.language,
    exceptionType: lastExceptionType(lines, index),
    module,
    moduleSource,
    library: match.library,
    symbol: match.symbol,
    symbolVersion: match.symbolVersion,
    pythonDll: match.pythonDll,
    line,
  };
  if (match.dyld !== null) parsed.dyld = match.dyld;
  if (limitations.length > 0) parsed.limitations = limitations;
  return parsed;
}

function loading(line: string, next: string): boolean {
  return RX.errorLoading.test(`${line} ${next}`);
}
