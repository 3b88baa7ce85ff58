import { describe, expect, it } from 'vitest';
import { dottedModuleFromPath, parseErrorText } from '../../app/diagnosis/error-text/error-text';
import { lookupWindowsMessage, MAY_HOLD_MESSAGE, PARAPHRASES, WINDOWS_MESSAGES } from '../../app/diagnosis/error-text/windows-messages';

// Samples are the texts quoted in public reports (sources in the comments), with paths kept.

describe('parseErrorText: Windows forms', () => {
  it('reads the Pillow 4.1.0 traceback (Python 3.6, python-pillow/Pillow#2479)', () => {
    const text = [
      'Traceback (most recent call last):',
      '  File "<stdin>", line 1, in <module>',
      '  File "C:\\Python36\\lib\\site-packages\\PIL\\Image.py", line 56, in <module>',
      '    from . import _imaging as core',
      'ImportError: DLL load failed: The specified procedure could not be found.',
    ].join('\n');
    const parsed = parseErrorText(text);
    expect(parsed).toMatchObject({
      recognized: true,
      failureClass: 'procedure-not-found',
      platform: 'windows',
      errorCode: 127,
      language: 'en',
      exceptionType: 'ImportError',
      module: 'PIL._imaging',
      moduleSource: 'from-import',
    });
  });

  it('takes the module from "while importing" (3.8+) and refines it with the import line', () => {
    const text = [
      '  File "C:\\Users\\me\\venv\\lib\\site-packages\\PIL\\Image.py", line 89, in <module>',
      '    from . import _imaging as core',
      'ImportError: DLL load failed while importing _imaging: The specified module could not be found.',
    ].join('\n');
    expect(parseErrorText(text)).toMatchObject({
      failureClass: 'module-not-found',
      errorCode: 126,
      module: 'PIL._imaging',
      moduleSource: 'while-importing',
    });
  });

  it('keeps the short name when nothing refines it', () => {
    expect(parseErrorText('ImportError: DLL load failed while importing cv2: The specified module could not be found.')).toMatchObject({
      module: 'cv2',
      moduleSource: 'while-importing',
      errorCode: 126,
    });
  });

  it('reads "%1 is not a valid Win32 application" literally (catalog row 19)', () => {
    expect(parseErrorText('ImportError: DLL load failed: %1 is not a valid Win32 application.')).toMatchObject({
      failureClass: 'bad-exe-format',
      errorCode: 193,
    });
  });

  it('reads ctypes [WinError 193] and torch [WinError 126] with the DLL it names', () => {
    expect(parseErrorText('OSError: [WinError 193] %1 is not a valid Win32 application')).toMatchObject({
      failureClass: 'bad-exe-format',
      errorCode: 193,
      exceptionType: 'OSError',
    });
    const torch = parseErrorText(
      'OSError: [WinError 126] The specified module could not be found. Error loading "C:\\venv\\lib\\site-packages\\torch\\lib\\fbgemm.dll" or one of its dependencies.',
    );
    expect(torch).toMatchObject({
      failureClass: 'module-not-found',
      errorCode: 126,
      library: 'C:\\venv\\lib\\site-packages\\torch\\lib\\fbgemm.dll',
      module: 'torch',
      moduleSource: 'error-loading',
    });
  });

  it('reads [WinError 127], 182, 1114 and Python 2 WindowsError', () => {
    expect(parseErrorText('OSError: [WinError 127] The specified procedure could not be found').failureClass).toBe('procedure-not-found');
    expect(parseErrorText('ImportError: DLL load failed: The operating system cannot run %1.').failureClass).toBe('invalid-ordinal');
    expect(
      parseErrorText('OSError: [WinError 1114] A dynamic link library (DLL) initialization routine failed. Error loading "C:\\x\\torch\\lib\\c10.dll"').failureClass,
    ).toBe('dll-init-failed');
    expect(parseErrorText('WindowsError: [Error 193] %1 is not a valid Win32 application')).toMatchObject({ errorCode: 193, exceptionType: 'WindowsError' });
  });

  it('reads "with error code N" when FormatMessage failed', () => {
    expect(parseErrorText('ImportError: DLL load failed with error code 3221225501 while importing _ext')).toMatchObject({
      failureClass: 'unknown',
      errorCode: 3221225501,
      module: '_ext',
    });
  });

  it('reads the Python DLL conflict (catalog row 20)', () => {
    expect(parseErrorText('ImportError: Module use of python37.dll conflicts with this version of Python.')).toMatchObject({
      failureClass: 'python-dll-conflict',
      pythonDll: 'python37.dll',
    });
  });

  it('reads the ctypes 3.8+ "Could not find module" form (catalog row 21)', () => {
    expect(
      parseErrorText(
        "FileNotFoundError: Could not find module 'C:\\Anaconda3\\Library\\bin\\geos_c.dll' (or one of its dependencies). Try using the full path with constructor syntax.",
      ),
    ).toMatchObject({ failureClass: 'module-not-found', errorCode: 126, library: 'C:\\Anaconda3\\Library\\bin\\geos_c.dll' });
  });
});

describe('parseErrorText: localised Windows messages', () => {
  const cases: [string, number, string][] = [
    ['ImportError: DLL load failed: Die angegebene Prozedur wurde nicht gefunden.', 127, 'de'], // tensorflow/tensorflow#16845
    ['ImportError: DLL load failed: Das angegebene Modul wurde nicht gefunden.', 126, 'de'],
    ['ImportError: DLL load failed: %1 ist keine zulässige Win32-Anwendung.', 193, 'de'],
    ['ImportError: DLL load failed while importing cv2: Le module spécifié est introuvable.', 126, 'fr'], // pyinstaller#8702
    ['ImportError: DLL load failed: %1 n’est pas une application Win32 valide.', 193, 'fr'], // RLBot#608, typographic apostrophe
    ['OSError: [WinError 126] No se puede encontrar el módulo especificado', 126, 'es'], // AIZOOTech/FaceMaskDetection#72
    ['ImportError: DLL load failed: No se encontró el proceso especificado.', 127, 'es'], // puigalex/deteccion_objetos#3
    ['ImportError: DLL load failed while importing _ext: 找不到指定的模块。', 126, 'zh-CN'], // Azong-HQU/MMTrack#6
    ['ImportError: DLL load failed while importing lib: 找不到指定的程序。', 127, 'zh-CN'], // git-cloner/llama2-lora-fine-tuning#17
    ['ImportError: DLL load failed while importing xcgui: %1 不是有效的 Win32 应用程序。', 193, 'zh-CN'], // smallevilbeast/pyxcgui#5
    ['ImportError: DLL load failed: 操作系统无法运行 %1。', 182, 'zh-CN'], // pytorch/pytorch#31324
    ['OSError: [WinError 1114] 动态链接库(DLL)初始化例程失败。 Error loading "E:\\py\\lib\\site-packages\\torch\\lib\\c10.dll"', 1114, 'zh-CN'], // thunlp/OpenKE#290
    ['ImportError: DLL load failed while importing _imaging: 指定されたモジュールが見つかりません。', 126, 'ja'],
    ['ImportError: DLL load failed: 指定されたプロシージャが見つかりません。', 127, 'ja'],
    ['ImportError: DLL load failed while importing _C: Не найдена указанная процедура.', 127, 'ru'], // Comfy-Org/ComfyUI#14158
  ];
  it.each(cases)('%s → %i (%s)', (text, code, language) => {
    expect(parseErrorText(text)).toMatchObject({ recognized: true, platform: 'windows', errorCode: code, language });
  });

  it('joins a CJK message wrapped onto the next console line (dream80/roop_colab#16)', () => {
    const text = 'ImportError: DLL load failed while importing onnxruntime_pybind11_state: 找不到\n指定的程序。';
    expect(parseErrorText(text)).toMatchObject({ errorCode: 127, module: 'onnxruntime_pybind11_state' });
  });

  it('names the module but not the class for a message in a language it does not know', () => {
    // Windows' side-by-side configuration message (error 14001), German (mhammond/pywin32#464).
    const parsed = parseErrorText(
      'ImportError: DLL load failed while importing _imaging: Diese Anwendung konnte nicht gestartet werden, weil die Anwenungskonfiguration nicht korrekt ist.',
    );
    expect(parsed).toMatchObject({ recognized: true, failureClass: 'unknown', errorCode: null, module: '_imaging' });
  });

  it('has a German, French, Spanish, Chinese and Japanese text for 126, 127 and 193', () => {
    for (const language of ['de', 'fr', 'es', 'zh-CN', 'ja']) {
      for (const code of [126, 127, 193]) {
        expect(WINDOWS_MESSAGES.some((m) => m.language === language && m.code === code), `${language} ${code}`).toBe(true);
      }
    }
    expect(lookupWindowsMessage('')).toBeNull();
  });
});

describe('parseErrorText: Linux forms', () => {
  it('reads a missing shared object and takes the module from the traceback', () => {
    const text = [
      'Traceback (most recent call last):',
      '  File "/home/u/venv/lib/python3.11/site-packages/imagelib/__init__.py", line 1, in <module>',
      '    from . import _core',
      'ImportError: libcompanion.so.1: cannot open shared object file: No such file or directory',
    ].join('\n');
    expect(parseErrorText(text)).toMatchObject({
      failureClass: 'shared-object-not-found',
      platform: 'linux',
      library: 'libcompanion.so.1',
      module: 'imagelib._core',
      moduleSource: 'from-import',
    });
  });

  it('reads an undefined symbol with the module from the .so path', () => {
    const text =
      'ImportError: /home/u/venv/lib/python3.11/site-packages/imagelib/_core.cpython-311-x86_64-linux-gnu.so: undefined symbol: companion_blend_v2';
    expect(parseErrorText(text)).toMatchObject({
      failureClass: 'undefined-symbol',
      symbol: 'companion_blend_v2',
      module: 'imagelib._core',
      moduleSource: 'shared-object-path',
    });
  });

  it('reads a GLIBCXX version that is not found', () => {
    const text =
      "ImportError: /usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.30' not found (required by /opt/env/lib/python3.10/site-packages/scipy/_lib/_uarray/_uarray.cpython-310-x86_64-linux-gnu.so)";
    expect(parseErrorText(text)).toMatchObject({
      failureClass: 'symbol-version-not-found',
      library: '/usr/lib/x86_64-linux-gnu/libstdc++.so.6',
      symbolVersion: 'GLIBCXX_3.4.30',
      module: 'scipy._lib._uarray._uarray',
    });
  });
});

describe('parseErrorText: noise and unknown text', () => {
  it('finds the error in a console full of other output', () => {
    const noise = Array.from({ length: 500 }, (_, i) => `INFO step ${i} done`).join('\n');
    const text = `${noise}\n  File "C:\\env\\lib\\site-packages\\numpy\\core\\__init__.py", line 22, in <module>\n    from . import multiarray\nImportError: DLL load failed while importing multiarray: The specified module could not be found.\n${noise}`;
    expect(parseErrorText(text)).toMatchObject({ module: 'numpy.core.multiarray', errorCode: 126 });
  });

  it('says unknown text is unknown', () => {
    expect(parseErrorText('Segmentation fault (core dumped)')).toMatchObject({ recognized: false, failureClass: 'unknown', module: null });
    expect(parseErrorText('')).toMatchObject({ recognized: false });
    expect(parseErrorText("ModuleNotFoundError: No module named 'PIL'")).toMatchObject({ recognized: false });
  });

  it('handles a very large paste by reading its end', () => {
    const huge = `${'x'.repeat(2_000_000)}\nImportError: DLL load failed: The specified module could not be found.`;
    expect(parseErrorText(huge).errorCode).toBe(126);
  });
});

describe('dottedModuleFromPath', () => {
  it('maps extension files to dotted names', () => {
    expect(dottedModuleFromPath('C:\\Py36\\Lib\\site-packages\\PIL\\_imaging.cp36-win_amd64.pyd')).toBe('PIL._imaging');
    expect(dottedModuleFromPath('/v/lib/python3.11/site-packages/pkg/__init__.py')).toBe('pkg');
    expect(dottedModuleFromPath('C:\\Anaconda3\\DLLs\\_ssl.pyd')).toBe('_ssl');
    expect(dottedModuleFromPath('/tmp/x.so')).toBeNull();
  });
});

/** Bytes a console in one code page wrote, shown by a console in cp1252 (the mojibake users paste). */
function misread(bytes: readonly number[]): string {
  return new TextDecoder('windows-1252').decode(Uint8Array.from(bytes));
}

describe('parseErrorText: garbled messages', () => {
  // The bytes are the real messages' encodings (GBK, Shift-JIS, UHC, cp1251, UTF-8) of texts quoted in
  // tests/diagnosis/corpus; the mojibake is what a cp1252 console shows for them.
  const cases: [string, number[], number, string][] = [
    ['cp936', [0xd5, 0xd2, 0xb2, 0xbb, 0xb5, 0xbd, 0xd6, 0xb8, 0xb6, 0xa8, 0xb5, 0xc4, 0xc4, 0xa3, 0xbf, 0xe9, 0xa1, 0xa3], 126, 'zh-CN'],
    ['cp932', [0x8e, 0x77, 0x92, 0xe8, 0x82, 0xb3, 0x82, 0xea, 0x82, 0xbd, 0x83, 0x82, 0x83, 0x57, 0x83, 0x85, 0x81, 0x5b, 0x83, 0x8b, 0x82, 0xaa, 0x8c, 0xa9, 0x82, 0xc2, 0x82, 0xa9, 0x82, 0xe8, 0x82, 0xdc, 0x82, 0xb9, 0x82, 0xf1, 0x81, 0x42], 126, 'ja'],
    ['cp949', [0xc1, 0xf6, 0xc1, 0xa4, 0xb5, 0xc8, 0x20, 0xb8, 0xf0, 0xb5, 0xe2, 0xc0, 0xbb, 0x20, 0xc3, 0xa3, 0xc0, 0xbb, 0x20, 0xbc, 0xf6, 0x20, 0xbe, 0xf8, 0xbd, 0xc0, 0xb4, 0xcf, 0xb4, 0xd9, 0x2e], 126, 'ko'],
    ['cp1251', [0xcd, 0xe5, 0x20, 0xed, 0xe0, 0xe9, 0xe4, 0xe5, 0xed, 0xe0, 0x20, 0xf3, 0xea, 0xe0, 0xe7, 0xe0, 0xed, 0xed, 0xe0, 0xff, 0x20, 0xef, 0xf0, 0xee, 0xf6, 0xe5, 0xe4, 0xf3, 0xf0, 0xe0, 0x2e], 127, 'ru'],
    ['utf-8', [0xe6, 0x89, 0xbe, 0xe4, 0xb8, 0x8d, 0xe5, 0x88, 0xb0, 0xe6, 0x8c, 0x87, 0xe5, 0xae, 0x9a, 0xe7, 0x9a, 0x84, 0xe7, 0xa8, 0x8b, 0xe5, 0xba, 0x8f, 0xe3, 0x80, 0x82], 127, 'zh-CN'],
  ];
  it.each(cases)('repairs a %s message read as cp1252', (_, bytes, code, language) => {
    const text = `ImportError: DLL load failed while importing _ext: ${misread(bytes)}`;
    expect(parseErrorText(text)).toMatchObject({ recognized: true, errorCode: code, language, module: '_ext' });
  });

  it('keeps the code a garbled message cannot give when [WinError N] states it', () => {
    expect(parseErrorText('OSError: [WinError 126] \uFFFD\u04B2\uFFFD\uFFFD\uFFFD\u05B8\uFFFD\uFFFD\uFFFD\uFFFD\u0123\uFFFD\uFFFD')).toMatchObject({
      recognized: true,
      errorCode: 126,
      failureClass: 'module-not-found',
    });
  });

  it('recognises a U+FFFD message without a code as a load failure of unknown class', () => {
    expect(parseErrorText('ImportError: DLL load failed while importing _ext: \uFFFD\u04B2\uFFFD\uFFFD\uFFFD\u05B8\uFFFD\uFFFD\uFFFD\uFFFD\u0123\uFFFD\uFFFD')).toMatchObject({
      recognized: true,
      failureClass: 'unknown',
      module: '_ext',
    });
  });
});

describe('parseErrorText: macOS dyld', () => {
  it('reads Library not loaded with the install name, the referencing module and the reason (michellab/Sire#87)', () => {
    const parsed = parseErrorText(
      [
        'dlopen(/Users/t/sire.app/lib/python3.5/site-packages/Sire/Qt/_Qt.so, 2): Library not loaded: @rpath/libSireBase.2015.dylib',
        '  Referenced from: /Users/t/sire.app/lib/python3.5/site-packages/Sire/Qt/_Qt.so',
        '  Reason: image not found',
      ].join('\n'),
    );
    expect(parsed).toMatchObject({ platform: 'macos', failureClass: 'shared-object-not-found', module: 'Sire.Qt._Qt', library: '@rpath/libSireBase.2015.dylib' });
    expect(parsed.dyld).toMatchObject({ installName: '@rpath/libSireBase.2015.dylib', reason: 'image not found', referencedFrom: '/Users/t/sire.app/lib/python3.5/site-packages/Sire/Qt/_Qt.so' });
    expect(parsed.limitations?.[0]).toMatch(/Mach-O files themselves are analysed \(dyld simulation\) only where the environment is on this Mac/);
  });

  it('reads the tried list and the architectures (smart-test-ti/SoloX#275)', () => {
    const p = '/Library/Frameworks/Python.framework/Versions/3.12/lib/python3.12/site-packages/psutil/_psutil_osx.abi3.so';
    const parsed = parseErrorText(
      `ImportError: dlopen(${p}, 0x0002): tried: '${p}' (mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64')), '/System/Volumes/Preboot/Cryptexes/OS${p}' (no such file)`,
    );
    expect(parsed).toMatchObject({ failureClass: 'incompatible-architecture', module: 'psutil._psutil_osx', library: p });
    expect(parsed.dyld?.tried).toHaveLength(2);
    expect(parsed.dyld).toMatchObject({ have: ['x86_64'], need: 'arm64' });
  });

  it('reads Symbol not found with Expected in (mopemope/meinheld#12)', () => {
    const so = '/Library/Python/2.7/site-packages/meinheld-0.4.15-py2.7-macosx-10.8-intel.egg/meinheld/server.so';
    const parsed = parseErrorText(`ImportError: dlopen(${so}, 2): Symbol not found: _StringIOObject_dealloc\n  Referenced from: ${so}\n  Expected in: flat namespace\n in ${so}`);
    expect(parsed).toMatchObject({ failureClass: 'undefined-symbol', symbol: '_StringIOObject_dealloc', module: 'meinheld.server' });
    expect(parsed.dyld?.expectedIn).toBe('flat namespace');
  });

  it('never takes a .dylib for a Python module', () => {
    expect(parseErrorText("OSError: dlopen(/global/sge/lib/darwin-x86/libdrmaa.dylib, 10): Symbol not found: _environ\n  Referenced from: /global/sge/lib/darwin-x86/libdrmaa.dylib\n  Expected in: flat namespace").module).toBeNull();
  });
});

describe('parseErrorText: what is not a load failure', () => {
  it('leaves WinError 193 from subprocess/CreateProcess alone (MycroftAI/mycroft-precise#210)', () => {
    const text = [
      '  File "C:\\Python39\\lib\\subprocess.py", line 1420, in _execute_child',
      '    hp, ht, pid, tid = _winapi.CreateProcess(executable, args,',
      'OSError: [WinError 193] %1 is not a valid Win32 application',
    ].join('\n');
    expect(parseErrorText(text).recognized).toBe(false);
  });

  it('reads pywintypes LoadLibraryEx as a load failure and CreateProcess as none', () => {
    expect(parseErrorText("pywintypes.error: (126, 'LoadLibraryEx', 'The specified module could not be found.')")).toMatchObject({ errorCode: 126, failureClass: 'module-not-found' });
    expect(parseErrorText("pywintypes.error: (2, 'CreateProcess', 'The system cannot find the file specified.')").recognized).toBe(false);
  });

  it('does not report a plain library that needs a newer glibc as the Python module (malwaredllc/byob#209)', () => {
    const parsed = parseErrorText(
      "Error loading Python lib '/tmp/_MEI5J2FAM/libpython3.7m.so.1.0': dlopen: /lib/x86_64-linux-gnu/libm.so.6: version `GLIBC_2.29' not found (required by /tmp/_MEI5J2FAM/libpython3.7m.so.1.0)",
    );
    expect(parsed).toMatchObject({ failureClass: 'symbol-version-not-found', symbolVersion: 'GLIBC_2.29', module: null });
  });
});

describe('parseErrorText: big pastes', () => {
  it('reads the last load failure of a multi-megabyte log', () => {
    const early = 'ImportError: DLL load failed while importing _first: The specified module could not be found.';
    const noise = Array.from({ length: 40_000 }, (_, i) => `2026-01-01 INFO worker ${i} (dlopen( tried: '(((( ok`).join('\n');
    const last = 'ImportError: DLL load failed while importing _last: The specified procedure could not be found.';
    const parsed = parseErrorText(`${early}\n${noise}\n${last}\n${noise}`);
    expect(parsed).toMatchObject({ module: '_last', errorCode: 127 });
  });

  it('survives adversarial lines without a match', () => {
    const line = `${"(have '".repeat(500)}${' '.repeat(3000)}`;
    expect(parseErrorText(Array.from({ length: 200 }, () => line).join('\n')).recognized).toBe(false);
    // Long tokens used to cost a quadratic scan per line in the glibc patterns.
    const token = `${'a'.repeat(4000)}:x`;
    expect(parseErrorText(Array.from({ length: 500 }, () => token).join('\n')).recognized).toBe(false);
  });
});

describe('Windows message table', () => {
  it('knows the module-not-found text in every language the corpus and the issue name', () => {
    for (const language of ['en', 'de', 'fr', 'es', 'it', 'pt-BR', 'ru', 'pl', 'tr', 'nl', 'cs', 'el', 'sv', 'ko', 'ja', 'zh-CN', 'zh-TW']) {
      expect(WINDOWS_MESSAGES.some((m) => m.language === language && m.code === 126), language).toBe(true);
    }
    for (const code of [87, 126, 127, 182, 193, 216, 1114, 1455]) expect(WINDOWS_MESSAGES.some((m) => m.language === 'en' && m.code === code), String(code)).toBe(true);
  });

  it('lets every message through the cheap pre-test of a line', () => {
    for (const m of [...WINDOWS_MESSAGES, ...PARAPHRASES]) expect(MAY_HOLD_MESSAGE.test(m.text), m.text).toBe(true);
  });

  it('cites a public source or says it has none, never an empty string', () => {
    for (const m of WINDOWS_MESSAGES) expect(m.source === null || /^https:\/\//.test(m.source), m.text).toBe(true);
  });
});

describe("parseErrorText: torch's Error loading as pasted", () => {
  // The line of 666ghj/BettaFish#428, as a JSON log and with typographic quotes.
  const path = 'C:\\Program Files\\Python311\\Lib\\site-packages\\torch\\lib\\c10.dll';
  it('reads a JSON-escaped path', () => {
    const json = JSON.stringify({ error: `OSError: [WinError 1114] 动态链接库(DLL)初始化例程失败。 Error loading "${path}" or one of its dependencies.` });
    expect(parseErrorText(json)).toMatchObject({ errorCode: 1114, library: path, module: 'torch' });
  });

  it('reads typographic quotes and a word broken by a space', () => {
    expect(parseErrorText(`OSError: [WinError 126] The specified module could not be found. Error loading “${path}” or one of its depen dencies.`)).toMatchObject({
      errorCode: 126,
      library: path,
      module: 'torch',
    });
  });
});
