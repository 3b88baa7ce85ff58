/**
 * Windows system messages for the load-failure codes, in the languages users paste them in.
 *
 * CPython puts the FormatMessage text of the Win32 error into the ImportError and never the number
 * (Python/dynload_win.c), and Windows localises that text. To classify a pasted error we map the
 * text back to its code. English texts are Microsoft's (System Error Codes, MS Learn:
 * https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499- and
 * --1000-1299-, --1300-1699-). Localised texts carry `source`: a public report that quotes the exact
 * text; `source: null` means the text is the Windows translation as we know it but no report quoting
 * it was found yet (docs/report-schema.md lists which).
 */
export interface WindowsMessage {
  readonly code: number;
  /** BCP 47 tag of the Windows display language. */
  readonly language: string;
  readonly text: string;
  readonly source: string | null;
}

const MS_0_499 = 'https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499-';
const MS_1000_1299 = 'https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1000-1299-';
const MS_1300_1699 = 'https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1300-1699-';

export const WINDOWS_MESSAGES: readonly WindowsMessage[] = [
  { code: 126, language: 'en', text: 'The specified module could not be found.', source: MS_0_499 },
  { code: 127, language: 'en', text: 'The specified procedure could not be found.', source: MS_0_499 },
  { code: 182, language: 'en', text: 'The operating system cannot run %1.', source: MS_0_499 },
  { code: 193, language: 'en', text: '%1 is not a valid Win32 application.', source: MS_0_499 },
  { code: 1114, language: 'en', text: 'A dynamic link library (DLL) initialization routine failed.', source: MS_1000_1299 },
  { code: 1455, language: 'en', text: 'The paging file is too small for this operation to complete.', source: MS_1300_1699 },

  { code: 126, language: 'de', text: 'Das angegebene Modul wurde nicht gefunden.', source: 'https://github.com/millerscout/Kenshi-Mod-Manager/issues/1736' },
  { code: 127, language: 'de', text: 'Die angegebene Prozedur wurde nicht gefunden.', source: 'https://github.com/tensorflow/tensorflow/issues/16845' },
  { code: 182, language: 'de', text: 'Das Betriebssystem kann %1 nicht ausführen.', source: null },
  { code: 193, language: 'de', text: '%1 ist keine zulässige Win32-Anwendung.', source: null },
  { code: 1114, language: 'de', text: 'Eine DLL-Initialisierungsroutine ist fehlgeschlagen.', source: null },

  { code: 126, language: 'fr', text: 'Le module spécifié est introuvable.', source: 'https://github.com/pyinstaller/pyinstaller/issues/8702' },
  { code: 127, language: 'fr', text: 'La procédure spécifiée est introuvable.', source: null },
  { code: 182, language: 'fr', text: "Le système d'exploitation ne peut pas exécuter %1.", source: null },
  { code: 193, language: 'fr', text: "%1 n'est pas une application Win32 valide.", source: 'https://github.com/RLBot/RLBot/issues/608' },
  { code: 1114, language: 'fr', text: "Une routine d'initialisation d'une bibliothèque de liens dynamiques (DLL) a échoué.", source: null },

  { code: 126, language: 'es', text: 'No se puede encontrar el módulo especificado.', source: 'https://github.com/AIZOOTech/FaceMaskDetection/issues/72' },
  { code: 127, language: 'es', text: 'No se encontró el proceso especificado.', source: 'https://github.com/puigalex/deteccion_objetos/issues/3' },
  { code: 182, language: 'es', text: 'El sistema operativo no puede ejecutar %1.', source: null },
  { code: 193, language: 'es', text: '%1 no es una aplicación Win32 válida.', source: null },
  { code: 1114, language: 'es', text: 'Error en una rutina de inicialización de biblioteca de vínculos dinámicos (DLL).', source: null },

  { code: 126, language: 'zh-CN', text: '找不到指定的模块。', source: 'https://github.com/Azong-HQU/MMTrack/issues/6' },
  { code: 127, language: 'zh-CN', text: '找不到指定的程序。', source: 'https://github.com/git-cloner/llama2-lora-fine-tuning/issues/17' },
  { code: 182, language: 'zh-CN', text: '操作系统无法运行 %1。', source: 'https://github.com/pytorch/pytorch/issues/31324' },
  { code: 193, language: 'zh-CN', text: '%1 不是有效的 Win32 应用程序。', source: 'https://github.com/smallevilbeast/pyxcgui/issues/5' },
  { code: 1114, language: 'zh-CN', text: '动态链接库(DLL)初始化例程失败。', source: 'https://github.com/thunlp/OpenKE/issues/290' },

  // Quoted in an early README of VOICEVOX/voicevox_core (then Hiroshiba/voicevox_core): "ImportError: DLL load failed: 指定されたモジュールが見つかりません。"
  { code: 126, language: 'ja', text: '指定されたモジュールが見つかりません。', source: 'https://github.com/VOICEVOX/voicevox_core/blob/main/README.md' },
  { code: 127, language: 'ja', text: '指定されたプロシージャが見つかりません。', source: null },
  { code: 182, language: 'ja', text: 'このオペレーティング システムでは %1 は実行されません。', source: 'https://github.com/VOICEVOX/voicevox_core/issues/645' },
  { code: 193, language: 'ja', text: '%1 は有効な Win32 アプリケーションではありません。', source: null },
  { code: 1114, language: 'ja', text: 'ダイナミック リンク ライブラリ (DLL) 初期化ルーチンの実行に失敗しました。', source: null },

  { code: 126, language: 'it', text: 'Impossibile trovare il modulo specificato.', source: 'https://github.com/leapbtw/uxplay-windows/issues/13' },
  { code: 126, language: 'pt-BR', text: 'Não foi possível encontrar o módulo especificado.', source: 'https://github.com/vladmandic/sdnext/issues/3375' },
  { code: 127, language: 'ru', text: 'Не найдена указанная процедура.', source: 'https://github.com/Comfy-Org/ComfyUI/issues/14158' },
  { code: 182, language: 'ru', text: 'Операционная система не может запустить %1.', source: 'https://github.com/xinntao/ESRGAN/issues/98' },
  { code: 126, language: 'ru', text: 'Не найден указанный модуль.', source: null },
  { code: 193, language: 'ru', text: '%1 не является приложением Win32.', source: null },
  { code: 1114, language: 'ru', text: 'Произошел сбой в программе инициализации библиотеки динамической компоновки (DLL).', source: null },
  { code: 87, language: 'ru', text: 'Параметр задан неверно.', source: null },

  { code: 87, language: 'en', text: 'The parameter is incorrect.', source: MS_0_499 },
  { code: 216, language: 'en', text: "This version of %1 is not compatible with the version of Windows you're running.", source: MS_0_499 },
  { code: 87, language: 'zh-CN', text: '参数错误。', source: 'https://github.com/tonquer/picacg-qt/issues/3' },
  { code: 216, language: 'zh-CN', text: '该版本的 %1 与你运行的 Windows 版本不兼容。请查看计算机的系统信息，然后联系软件发布者。', source: 'https://github.com/sdlw7757/Video-Dedup-Tool/issues/1' },
  { code: 1455, language: 'zh-CN', text: '页面文件太小，无法完成操作。', source: 'https://github.com/yassouali/pytorch-segmentation/issues/118' },

  { code: 126, language: 'zh-TW', text: '找不到指定的模組。', source: null },
  { code: 126, language: 'ko', text: '지정된 모듈을 찾을 수 없습니다.', source: 'https://github.com/callor/Callor-sakana.ai-2024/blob/HEAD/error.md' },
  { code: 127, language: 'ko', text: '지정된 프로시저를 찾을 수 없습니다.', source: null },
  { code: 193, language: 'ko', text: '%1은(는) 올바른 Win32 응용 프로그램이 아닙니다.', source: null },
  { code: 126, language: 'pl', text: 'Nie można odnaleźć określonego modułu.', source: null },
  { code: 127, language: 'pl', text: 'Nie można odnaleźć określonej procedury.', source: null },
  { code: 126, language: 'tr', text: 'Belirtilen modül bulunamadı.', source: null },
  { code: 127, language: 'tr', text: 'Belirtilen yordam bulunamadı.', source: null },
  { code: 126, language: 'nl', text: 'Kan opgegeven module niet vinden.', source: null },
  { code: 126, language: 'cs', text: 'Zadaný modul nebyl nalezen.', source: null },
  { code: 126, language: 'el', text: 'Δεν είναι δυνατή η εύρεση της καθορισμένης λειτουργικής μονάδας.', source: null },
  { code: 126, language: 'sv', text: 'Det går inte att hitta den angivna modulen.', source: 'https://github.com/pygame-community/pygame-ce/issues/512' },
  { code: 127, language: 'it', text: 'Impossibile trovare la procedura specificata.', source: null },
  { code: 127, language: 'pt-BR', text: 'Não foi possível encontrar o procedimento especificado.', source: null },
  { code: 87, language: 'de', text: 'Falscher Parameter.', source: null },
  { code: 87, language: 'fr', text: 'Paramètre incorrect.', source: null },
  { code: 87, language: 'es', text: 'El parámetro no es correcto.', source: null },
  { code: 87, language: 'ja', text: 'パラメーターが間違っています。', source: null },
];

/**
 * Wordings users type instead of the system text ("procedure cannot be found"), and pywin32's own
 * short forms. Each was seen in a public report (tests/diagnosis/corpus/paraphrases.json).
 */
export const PARAPHRASES: readonly WindowsMessage[] = [
  { code: 127, language: 'en', text: 'The specified procedure cannot be found.', source: 'https://github.com/Unidata/netcdf4-python/issues/189' },
  { code: 126, language: 'en', text: 'The specified module cannot be found.', source: 'https://github.com/python/cpython/issues/76122' },
  { code: 126, language: 'en', text: 'The specified module was not found.', source: 'https://github.com/pyinstaller/pyinstaller/issues/9249' },
  { code: 126, language: 'en', text: 'cannot find module.', source: 'https://github.com/zaivanza/all-in-one-v2/issues/10' },
  { code: 1114, language: 'en', text: 'Dynamic Link Library (DLL) initialization routine failed.', source: 'https://github.com/docling-project/docling/issues/3159' },
];

/**
 * Reduces a message to what survives copy-paste: letters, digits and '%', lower-cased.
 *
 * Pasted reports wrap lines inside CJK text ("找不到\n指定的程序"), swap ASCII for typographic
 * apostrophes ("n’est") and drop or double the final full stop; none of that may change the match.
 */
export function normalizeMessage(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}%]+/gu, '');
}

const NORMALIZED = [...WINDOWS_MESSAGES, ...PARAPHRASES].map((m) => ({ message: m, key: normalizeMessage(m.text) }));
/**
 * One pass over a line for the first characters of every message, so the long scan of a log that
 * holds no failure costs a regular-expression test per line rather than a search per message.
 */
/**
 * Cheap test before normalising a line: every message in the table has a non-ASCII letter or one of
 * these ASCII words (checked by the table test in tests/diagnosis/error-text.test.ts).
 */
export const MAY_HOLD_MESSAGE = /[\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|modul|procedur|prozedur|win32|dll|%1|parameter|paging/i;
const ANY_START = new RegExp(
  [...new Set(NORMALIZED.map((e) => e.key.slice(0, 4)))].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'u',
);

/** The table entry whose text starts the given message (torch appends 'Error loading "…"'), if any. */
export function lookupWindowsMessage(text: string): WindowsMessage | null {
  const key = normalizeMessage(text);
  if (key.length === 0) return null;
  let best: { message: WindowsMessage; key: string } | null = null;
  for (const entry of NORMALIZED) {
    if (key.startsWith(entry.key) && (best === null || entry.key.length > best.key.length)) best = entry;
  }
  return best?.message ?? null;
}

/**
 * The table entry whose text appears anywhere in the line: a message inside a sentence, a Rust
 * `Os { message: "…" }`, .NET's 'Unable to load DLL …: <message>'. Messages are specific sentences,
 * so finding one is finding the failure; the line is bounded by the reader.
 */
export function findWindowsMessage(text: string): WindowsMessage | null {
  if (!MAY_HOLD_MESSAGE.test(text)) return null;
  const key = normalizeMessage(text);
  if (key.length === 0 || !ANY_START.test(key)) return null;
  let best: { message: WindowsMessage; key: string } | null = null;
  for (const entry of NORMALIZED) {
    // Very short keys (a bare "%1…" fragment) would match by accident inside long lines.
    if (entry.key.length >= 8 && key.includes(entry.key) && (best === null || entry.key.length > best.key.length)) best = entry;
  }
  return best?.message ?? null;
}