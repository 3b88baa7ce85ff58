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
  { code: 182, language: 'ja', text: 'オペレーティング システムは %1 を実行できません。', source: null },
  { code: 193, language: 'ja', text: '%1 は有効な Win32 アプリケーションではありません。', source: null },
  { code: 1114, language: 'ja', text: 'ダイナミック リンク ライブラリ (DLL) 初期化ルーチンの実行に失敗しました。', source: null },

  { code: 126, language: 'it', text: 'Impossibile trovare il modulo specificato.', source: 'https://github.com/leapbtw/uxplay-windows/issues/13' },
  { code: 126, language: 'pt-BR', text: 'Não foi possível encontrar o módulo especificado.', source: 'https://github.com/vladmandic/sdnext/issues/3375' },
  { code: 127, language: 'ru', text: 'Не найдена указанная процедура.', source: 'https://github.com/Comfy-Org/ComfyUI/issues/14158' },
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

const NORMALIZED = WINDOWS_MESSAGES.map((m) => ({ message: m, key: normalizeMessage(m.text) }));

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
