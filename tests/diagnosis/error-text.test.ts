import { describe, expect, it } from 'vitest';
import { dottedModuleFromPath, parseErrorText } from '../../app/diagnosis/error-text';
import { lookupWindowsMessage, WINDOWS_MESSAGES } from '../../app/diagnosis/windows-messages';

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
