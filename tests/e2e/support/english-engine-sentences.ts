import { loadKnowledgeBase } from '../../../app/diagnosis/knowledge-base';
import { formatMessage, knownIssueMessage, messageCatalogs } from '../../../app/messages';
import type { Template } from '../../../app/messages';

/**
 * The fixed words of every English engine sentence that German says differently: the longest run
 * of text between its parameters (at least 14 characters, so "{{package}} is installed." is not
 * mistaken for a file name), and the knowledge base's summaries and fix texts (known-issues.json,
 * whole). A German page that contains one shows an engine sentence untranslated.
 */
export function englishEngineFragments(): string[] {
  const texts = (t: Template) => (typeof t === 'string' ? [t] : [t.one, t.other]);
  const fragments = new Set<string>();
  for (const [id, template] of Object.entries(messageCatalogs.en)) {
    const german = texts((messageCatalogs.de as Record<string, Template>)[id]!);
    for (const english of texts(template)) {
      if (german.includes(english)) continue;
      const longest = english.split(/\{\{\w+\}\}/).map((s) => s.trim()).sort((a, b) => b.length - a.length)[0] ?? '';
      if (longest.length >= 14) fragments.add(longest);
    }
  }
  for (const issue of loadKnowledgeBase()) {
    const refs = [knownIssueMessage(issue.id, issue.summary), ...issue.fixes.map((f, i) => knownIssueMessage(issue.id, f.description, i))];
    for (const ref of refs) if (formatMessage(ref, 'de') !== formatMessage(ref, 'en')) fragments.add(formatMessage(ref, 'en'));
  }
  return [...fragments];
}
