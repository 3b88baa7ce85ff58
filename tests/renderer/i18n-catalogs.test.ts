import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs, startI18n, systemLanguage } from '../../renderer/i18n/i18n';

function keys(catalog: object, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

async function componentFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? componentFiles(path.join(dir, e.name)) : Promise.resolve(e.name.endsWith('.tsx') ? [path.join(dir, e.name)] : []))));
  return nested.flat();
}

describe('message catalogs', () => {
  it('German has exactly the keys of English, and no string is left empty', () => {
    expect(keys(catalogs.de).sort()).toEqual(keys(catalogs.en).sort());
    for (const language of Object.values(catalogs)) for (const key of keys(language)) expect(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], language)).not.toBe('');
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const at = (catalog: object, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], catalog) as string;
    for (const key of keys(catalogs.en)) expect(placeholders(at(catalogs.de, key)), key).toEqual(placeholders(at(catalogs.en, key)));
  });

  it('follows the system language, and falls back to English', () => {
    expect(systemLanguage(['de-AT', 'en-US'])).toBe('de');
    expect(systemLanguage(['fr-FR', 'de-DE'])).toBe('de');
    expect(systemLanguage(['ja-JP'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
  });

  it('gets plurals right in both languages ("1 cause", not "1 cause(s)")', () => {
    const en = startI18n('en');
    expect(en.t('diagnosis.causesFound', { count: 1 })).toBe('1 cause found, with its evidence.');
    expect(en.t('diagnosis.checks', { count: 6 })).toBe('What was checked (6 checks)');
    const de = startI18n('de');
    expect(de.t('diagnosis.checks', { count: 1 })).toBe('Was geprüft wurde (1 Prüfung)');
  });

  it('leaves no hard-coded UI text in the components', async () => {
    const problems: string[] = [];
    for (const file of await componentFiles(path.resolve('renderer/components'))) {
      const source = await readFile(file, 'utf8');
      const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      // Text between JSX tags that is a word, not an expression: <p>Next</p>, </strong> found.
      for (const m of code.matchAll(/>([^<>{}]*[A-Za-z]{2,}[^<>{}]*)</g)) {
        if (!/=>|&&|\|\||\(|\)|;/.test(m[1] ?? '')) problems.push(`${path.basename(file)}: text "${m[1]?.trim()}"`);
      }
      // Attributes people read: aria-label, title, placeholder, alt, label.
      for (const m of code.matchAll(/\b(aria-label|title|placeholder|alt|label)="([^"]*[A-Za-z][^"]*)"/g)) problems.push(`${path.basename(file)}: ${m[1]}="${m[2]}"`);
      // Sentences in string literals: a capital word followed by more words.
      for (const m of code.matchAll(/(['`])([A-Z][a-z]+(?: [a-z]+){2,}[^'`]*)\1/g)) problems.push(`${path.basename(file)}: string "${m[2]}"`);
    }
    expect(problems).toEqual([]);
  });
});
