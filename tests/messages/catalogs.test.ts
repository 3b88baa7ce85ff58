import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DoctorError } from '../../app/base/errors';
import { toWireError } from '../../app/contract/errors';
import { english, formatMessage, localText, message, messageCatalogs, texts } from '../../app/messages';
import type { Template } from '../../app/messages';

const placeholders = (template: Template) => [...new Set([...(typeof template === 'string' ? [template] : [template.one, template.other])].flatMap((t) => [...t.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1])))].sort();

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : Promise.resolve(/\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []))));
  return nested.flat();
}

describe('the engine message catalogs', () => {
  it('has every English id in German, with the same parameters and plural forms, none empty', () => {
    const { en, de } = messageCatalogs;
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [id, template] of Object.entries(en)) {
      const german = (de as Record<string, Template>)[id]!;
      expect(placeholders(german), id).toEqual(placeholders(template));
      expect(typeof german, id).toBe(typeof template);
      for (const text of typeof german === 'string' ? [german] : [german.one, german.other]) expect(text.trim(), id).not.toBe('');
    }
  });

  it('holds only ids the engine or the page emits, each named literally in the source (the catalogs themselves aside)', async () => {
    const files = [...(await sourceFiles(path.resolve('app'))), ...(await sourceFiles(path.resolve('renderer')))].filter((f) => !/[\\/]messages[\\/](en|de|known-issues-de)\.ts$/.test(f));
    const source = (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
    const unused = Object.keys(messageCatalogs.en).filter((id) => !source.includes(`'${id}'`));
    expect(unused).toEqual([]);
  });
});

describe('formatMessage', () => {
  it('writes a message in German and in English from the same id and parameters', () => {
    const ref = message('error.not-found', { path: '/opt/venv' });
    expect(english(ref)).toBe('Nothing exists at /opt/venv.');
    expect(formatMessage(ref, 'de')).toBe('Unter /opt/venv gibt es nichts.');
  });

  it('writes an id no catalog knows as the id, and a language it does not speak in English', () => {
    expect(formatMessage({ id: 'cause.from-a-newer-version' }, 'de')).toBe('cause.from-a-newer-version');
    expect(formatMessage(message('error.job-running'), 'fr')).toBe('That job is already running.');
  });
});

describe('texts', () => {
  it('fills the English fields and records the message behind each', () => {
    const said = texts({ message: message('error.not-found', { path: 'C:\\env' }) });
    expect(said.message).toBe('Nothing exists at C:\\env.');
    expect(said.messages.message).toEqual({ id: 'error.not-found', params: { path: 'C:\\env' } });
    expect(localText(said, 'message', 'de')).toBe('Unter C:\\env gibt es nichts.');
    expect(localText({ message: 'An older report' }, 'message', 'de')).toBe('An older report');
    expect(localText({ ...said, message: 'Changed after' }, 'message', 'de')).toBe('Changed after');
  });
});

describe('engine errors', () => {
  it('keep the English words for the CLI and carry their ids across the wire', () => {
    const error = new DoctorError('not-found', message('error.not-found', { path: '/x' }), message('error.not-found.what'));
    expect(error.message).toBe('Nothing exists at /x.');
    expect(error.whatToDo).toBe('Check the path: give the folder of the environment or its python executable.');
    const wire = toWireError(error);
    expect(wire.messages?.message).toEqual({ id: 'error.not-found', params: { path: '/x' } });
    expect(formatMessage(wire.messages!.whatToDo!, 'de')).toMatch(/^Prüfen Sie den Pfad/);
  });

  it('say an internal fault in both languages, never its own message', () => {
    const wire = toWireError(new Error('ENOENT /secret/path'));
    expect(wire.message).toBe('Something went wrong inside Python DLL Doctor.');
    expect(formatMessage(wire.messages!.message!, 'de')).toBe('In Python DLL Doctor ist etwas schiefgegangen.');
  });
});
