import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../app/diagnosis/knowledge-base';
import { english, formatMessage, knownIssueMessage, localText, texts } from '../../app/messages';
import { knownIssuesDe } from '../../app/messages/known-issues-de';

// The knowledge base (known-issues.json) holds the English; app/messages/known-issues-de.ts the German, by entry id.
describe('the knowledge base in German', () => {
  const issues = loadKnowledgeBase();

  it('has a German summary and a German text for every fix of every entry, and nothing for entries that do not exist', () => {
    expect(Object.keys(knownIssuesDe).sort()).toEqual(issues.map((i) => i.id).sort());
    for (const issue of issues) {
      const german = knownIssuesDe[issue.id]!;
      expect(german.fixes, issue.id).toHaveLength(issue.fixes.length);
      for (const [i, text] of [german.summary, ...german.fixes].entries()) {
        expect(text.trim(), `${issue.id} text ${i}`).not.toBe('');
        expect(text, `${issue.id} text ${i} is still the English`).not.toBe(i === 0 ? issue.summary : issue.fixes[i - 1]!.description);
      }
    }
  });

  it('writes an entry\'s message in English byte for byte from the JSON, and in German from the catalog', () => {
    const pillow = issues.find((i) => i.id === 'pillow-4.1.0-python-3.6.0')!;
    const fix = knownIssueMessage(pillow.id, pillow.fixes[1]!.description, 1);
    expect(english(fix)).toBe('Pillow 4.1.1 works around the change ("fixed in 4.1.1").');
    expect(formatMessage(fix, 'de')).toBe('Pillow 4.1.1 umgeht die Änderung („behoben in 4.1.1“).');
    expect(formatMessage(knownIssueMessage(pillow.id, pillow.summary), 'de')).toMatch(/^Die Wheels von Pillow 4\.1\.0 wurden mit Python 3\.6\.1 gebaut/);
    // A report read by an older app, or an entry added without German: the English as given.
    expect(formatMessage(knownIssueMessage('no-such-entry', 'As written.'), 'de')).toBe('As written.');
    expect(localText(texts({ title: fix }), 'title', 'de')).toBe(formatMessage(fix, 'de'));
  });
});
