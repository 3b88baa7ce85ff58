import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../app/diagnosis/error-text/error-text';
import type { ParsedError } from '../../app/diagnosis/types';

/**
 * Scores the error reader on real texts from public issues (tests/diagnosis/corpus/*.json).
 *
 * Recognition: a load failure must be recognised; a negative control (subprocess, circular import,
 * pure ModuleNotFoundError) must not be (a false alarm fails the suite at once). Field accuracy: each
 * field the truth states must come back equal. The per-category table is printed so a run shows
 * where the reader stands.
 */
interface Entry {
  readonly url: string;
  readonly text: string;
  readonly truth: Partial<ParsedError> & { readonly recognized: boolean };
}

const dir = join(import.meta.dirname, 'corpus');
const categories = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { category: string; entries: Entry[] });

const SCORED = ['failureClass', 'platform', 'errorCode', 'language', 'module', 'library', 'symbol', 'symbolVersion'] as const;

interface Score {
  category: string;
  entries: number;
  positives: number;
  recognized: number;
  falseAlarms: string[];
  fieldsChecked: number;
  fieldsRight: number;
  misses: string[];
}

function score(category: string, entries: readonly Entry[]): Score {
  const s: Score = { category, entries: entries.length, positives: 0, recognized: 0, falseAlarms: [], fieldsChecked: 0, fieldsRight: 0, misses: [] };
  for (const entry of entries) {
    const parsed = parseErrorText(entry.text);
    if (!entry.truth.recognized) {
      if (parsed.recognized) s.falseAlarms.push(`${entry.url}: read as ${parsed.failureClass}`);
      continue;
    }
    s.positives += 1;
    if (parsed.recognized) s.recognized += 1;
    else s.misses.push(`${entry.url}: not recognised`);
    for (const field of SCORED) {
      if (!(field in entry.truth)) continue;
      s.fieldsChecked += 1;
      if (parsed[field] === entry.truth[field]) s.fieldsRight += 1;
      else s.misses.push(`${entry.url}: ${field} ${JSON.stringify(parsed[field])} ≠ ${JSON.stringify(entry.truth[field])}`);
    }
  }
  return s;
}

const scores = categories.map((c) => score(c.category, c.entries));
const pct = (a: number, b: number): string => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);

describe('error reader on the public corpus', () => {
  it('has at least 150 real texts, each with a GitHub URL', () => {
    const all = categories.flatMap((c) => c.entries);
    expect(all.length).toBeGreaterThanOrEqual(150);
    for (const e of all) expect(e.url).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\//);
  });

  it('recognises at least 97% of the load failures, with no false alarm', () => {
    const rows = scores.map(
      (s) => `${s.category.padEnd(26)} ${String(s.entries).padStart(4)}  recognised ${pct(s.recognized, s.positives).padStart(6)}  fields ${pct(s.fieldsRight, s.fieldsChecked).padStart(6)}  false alarms ${s.falseAlarms.length}`,
    );
    const positives = scores.reduce((n, s) => n + s.positives, 0);
    const recognized = scores.reduce((n, s) => n + s.recognized, 0);
    const checked = scores.reduce((n, s) => n + s.fieldsChecked, 0);
    const right = scores.reduce((n, s) => n + s.fieldsRight, 0);
    rows.push(`${'all'.padEnd(26)} ${String(scores.reduce((n, s) => n + s.entries, 0)).padStart(4)}  recognised ${pct(recognized, positives).padStart(6)}  fields ${pct(right, checked).padStart(6)}`);
    console.log(`Error reader on the public corpus:\n${rows.join('\n')}`);
    const misses = scores.flatMap((s) => s.misses);
    if (misses.length > 0) console.log(`Misses:\n${misses.join('\n')}`);
    expect(scores.flatMap((s) => s.falseAlarms)).toEqual([]);
    expect(recognized / positives).toBeGreaterThanOrEqual(0.97);
  });
});
