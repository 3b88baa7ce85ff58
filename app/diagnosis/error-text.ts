/**
 * Reads a pasted import error: which module failed and which class of load failure it is.
 *
 * Users paste anything from one line to a whole console with a traceback in it, in any Windows
 * display language. The reader finds the decisive line (the last one a known form matches), maps
 * the Windows message back to its Win32 code through the localised table, and takes the module
 * from the best place the text offers. Text no form matches is reported as not recognised; nothing
 * is guessed. Forms: CPython Python/dynload_win.c (≤3.7 "DLL load failed: …", ≥3.8 "… while
 * importing X: …", "with error code N", "Module use of pythonXY.dll conflicts…"), ctypes ("[WinError
 * N]", 3.8+ "Could not find module '…' (or one of its dependencies)"), glibc's dlerror() texts.
 */
import type { FailureClass, ModuleSource, ParsedError, Platform } from './types';
import { lookupWindowsMessage } from './windows-messages';

/** Larger pastes keep their end: the error is at the bottom of a console. */
export const MAX_ERROR_TEXT = 256 * 1024;
const MAX_LINE = 4096;

const CODE_CLASSES: Readonly<Record<number, FailureClass>> = {
  126: 'module-not-found',
  127: 'procedure-not-found',
  182: 'invalid-ordinal',
  193: 'bad-exe-format',
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
  };
}

const RX = {
  pythonDllConflict: /Module use of (python\d+\.dll) conflicts with this version of Python/i,
  dllLoadCode: /DLL load failed with error code (-?\d+) while importing ([\w.]+)/,
  dllLoadWhile: /DLL load failed while importing ([\w.]+)\s*[:：]\s*(.*)$/,
  dllLoadOld: /DLL load failed\s*[:：]\s*(.*)$/i,
  winError: /\[(?:WinError|Error) (-?\d+)\]\s*(.*)$/,
  errorLoading: /Error loading "([^"]+)" or one of its dependencies/,
  ctypesNotFound: /Could not find module '([^']+)' \(or one of its dependencies\)/,
  soNotFound: /([^\s:'"]+): cannot open shared object file: No such file or directory/,
  undefinedSymbol: /([^\s:'"]+\.so[^\s:'"]*): undefined symbol: (\S+)/,
  symbolVersion: /([^\s:'"]+): version [`'‘]([^'’`]+)['’`] not found \(required by ([^)\s]+)\)/,
  wrongElfClass: /([^\s:'"]+): wrong ELF class: (ELFCLASS\d+)/,
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
      library: loading?.[1] ?? null,
      windowsMessage: m[2] ?? '',
    };
  }

  m = RX.symbolVersion.exec(line);
  if (m) {
    return {
      ...blank(),
      failureClass: 'symbol-version-not-found',
      platform: 'linux',
      library: m[1] ?? null,
      symbolVersion: m[2] ?? null,
      modulePath: m[3] ?? null,
    };
  }
  m = RX.undefinedSymbol.exec(line);
  if (m) return { ...blank(), failureClass: 'undefined-symbol', platform: 'linux', modulePath: m[1] ?? null, symbol: m[2] ?? null };
  m = RX.soNotFound.exec(line);
  if (m) return { ...blank(), failureClass: 'shared-object-not-found', platform: 'linux', library: m[1] ?? null };
  m = RX.wrongElfClass.exec(line);
  if (m) return { ...blank(), failureClass: 'wrong-elf-class', platform: 'linux', modulePath: m[1] ?? null, symbol: null };
  return null;
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
  const anchor = parts.findLastIndex((p) => /^(site-packages|dist-packages|DLLs|lib-dynload)$/i.test(p));
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
const FROM_IMPORT = /^\s*from\s+(\.*)([\w.]*)\s+import\s+(\(|\*|[\w]+)(?:\s+as\s+\w+)?/;
const PLAIN_IMPORT = /^\s*import\s+([\w.]+)(?:\s+as\s+\w+)?\s*(?:,|$)/;

interface ImportStatement {
  module: string;
  source: ModuleSource;
}

/**
 * The module the last traceback statement before the error imports, resolved against the file of
 * its frame for relative imports (`from . import _imaging as core` in PIL/Image.py → PIL._imaging).
 */
function lastImportStatement(lines: readonly string[], before: number, shortModule: string | null): ImportStatement | null {
  for (let i = before; i >= 0; i--) {
    const line = lines[i] ?? '';
    const from = FROM_IMPORT.exec(line);
    const plain = from ? null : PLAIN_IMPORT.exec(line);
    if (!from && !plain) continue;
    if (plain) return { module: plain[1] ?? '', source: 'import-statement' };
    const dots = from?.[1] ?? '';
    let base = from?.[2] ?? '';
    const name = from?.[3] ?? '';
    if (dots.length > 0) {
      const frame = i > 0 ? FILE_FRAME.exec(lines[i - 1] ?? '') : null;
      const framePkg = frame ? dottedModuleFromPath(frame[1] ?? '') : null;
      if (framePkg === null) {
        if (base.length === 0) base = '';
      } else {
        const pkgParts = framePkg.split('.');
        // The frame's module is a submodule unless the file is a package's __init__.
        const isInit = /__init__\.py$/i.test(frame?.[1] ?? '');
        const up = (isInit ? 0 : 1) + (dots.length - 1);
        const anchor = pkgParts.slice(0, Math.max(0, pkgParts.length - up));
        base = [...anchor, ...(base.length > 0 ? [base] : [])].join('.');
      }
    }
    const importsSubmodule = name !== '(' && name !== '*' && (name.startsWith('_') || name === shortModule);
    const module = importsSubmodule ? [base, name].filter((p) => p.length > 0).join('.') : base;
    if (module.length === 0) continue;
    return { module, source: 'from-import' };
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

/**
 * Recognises the module and the failure class in a pasted error.
 *
 * Returns `recognized: false` for text that holds no known load-failure form. A Windows message in
 * a language the table lacks keeps `failureClass: 'unknown'` with the module still named: the
 * diagnosis re-derives the class by probing, it never guesses it from the words.
 */
export function parseErrorText(input: string): ParsedError {
  const clipped = input.length > MAX_ERROR_TEXT ? input.slice(input.length - MAX_ERROR_TEXT) : input;
  const lines = clipped
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => (l.length > MAX_LINE ? l.slice(0, MAX_LINE) : l));

  let index = -1;
  let match: LineMatch | null = null;
  for (let i = lines.length - 1; i >= 0 && match === null; i--) {
    match = matchLine(lines[i] ?? '');
    if (match) index = i;
  }
  if (match === null) return unknown();

  const line = (lines[index] ?? '').trim();
  if (match.windowsMessage !== null) {
    // A wrapped console splits CJK messages over lines: try the line alone, then with the next one.
    const candidates = [match.windowsMessage, `${match.windowsMessage}${lines[index + 1] ?? ''}`];
    for (const candidate of candidates) {
      const found = lookupWindowsMessage(candidate);
      if (found) {
        match.errorCode ??= found.code;
        match.language = found.language;
        break;
      }
    }
    if (match.failureClass === 'unknown') match.failureClass = failureClassForCode(match.errorCode);
  }

  let module: string | null = null;
  let moduleSource: ModuleSource | null = null;
  if (match.modulePath !== null) {
    module = dottedModuleFromPath(match.modulePath) ?? moduleNameFromFile(pathParts(match.modulePath).at(-1) ?? '');
    moduleSource = 'shared-object-path';
  }
  const statement = lastImportStatement(lines, index - 1, match.shortModule);
  if (match.shortModule !== null) {
    module = match.shortModule;
    moduleSource = 'while-importing';
    const refined = statement?.module;
    if (refined !== undefined && refined.split('.').at(-1) === match.shortModule) module = refined;
  } else if (module === null && statement !== null) {
    module = statement.module;
    moduleSource = statement.source;
  }
  if (module === null && match.library !== null && RX.errorLoading.test(line)) {
    // torch: 'Error loading "…\torch\lib\c10.dll"': the package is the best the text offers.
    const dotted = dottedModuleFromPath(match.library);
    if (dotted !== null) {
      module = dotted.split('.')[0] ?? null;
      moduleSource = 'error-loading';
    }
  }
  if (module === null) {
    for (let i = index - 1; i >= 0; i--) {
      const frame = FILE_FRAME.exec(lines[i] ?? '');
      const dotted = frame ? dottedModuleFromPath(frame[1] ?? '') : null;
      if (dotted !== null) {
        module = dotted;
        moduleSource = 'file-path';
        break;
      }
    }
  }

  return {
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
}
