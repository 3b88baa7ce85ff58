/**
 * Engine advice marks commands with Markdown backticks ("Start `npm run web` again"). The wizard
 * shows them as code, never as literal backticks: the text split into plain and code parts.
 */
export function commandSegments(text: string): { readonly code: boolean; readonly text: string }[] {
  return text
    .split(/(`[^`\n]+`)/)
    .filter((part) => part !== '')
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? { code: true, text: part.slice(1, -1) } : { code: false, text: part }));
}
