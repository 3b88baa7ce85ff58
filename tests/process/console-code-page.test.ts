import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { codePageDecoder, decodingStream, parseChcp, parseOemCp } from '../../app/process/console-code-page';

// What reg.exe wrote for the profile C:\users\José Müller, recorded under Wine (code page 437).
const REG_EXE_437 = Buffer.from('433a5c75736572735c4a6f7382204d816c6c6572', 'hex');

describe('decoding a Windows console program\'s output', () => {
  it('reads reg.exe\'s code page 437 bytes as the user name they are', () => {
    expect(codePageDecoder(437).write(REG_EXE_437)).toBe('C:\\users\\José Müller');
  });

  it('differs between 437 and 850 where they differ, and agrees where they agree', () => {
    expect(codePageDecoder(850).write(Buffer.from([0x9b, 0x82]))).toBe('øé');
    expect(codePageDecoder(437).write(Buffer.from([0x9b, 0x82]))).toBe('¢é');
  });

  it('keeps a multi-byte character split between two chunks whole (code page 932)', async () => {
    const bytes = Buffer.from('8365835883678376838d834f8389838020', 'hex'); // "テストプログラム " in Shift-JIS
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3)];
    let text = '';
    for await (const part of Readable.from(chunks).pipe(decodingStream(932))) text += String(part);
    expect(text).toBe('テストプログラム ');
  });

  it('reads the number in chcp\'s answer in any language, and OEMCP from reg.exe', () => {
    expect(parseChcp('Active code page: 850\r\n')).toBe(850);
    expect(parseChcp('Aktive Codepage: 850.\r\n')).toBe(850);
    expect(parseChcp('Active code page: 0\r\n')).toBeNull();
    expect(parseOemCp('\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage\r\n    OEMCP    REG_SZ    437\r\n')).toBe(437);
  });
});
