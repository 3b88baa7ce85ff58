/** What a repair reports as changed: the installed versions before and after, compared by name. */
import { describe, expect, it } from 'vitest';
import { english, formatMessage } from '../../app/messages';
import { differences } from '../../app/repair/snapshot';

const pkg = (name: string, version: string) => ({ name, version });

describe('differences between a snapshot and the installed packages now', () => {
  it('lists a version change, a removal and an addition, with the pip arguments that undo them', () => {
    const diff = differences([pkg('Pillow', '4.1.0'), pkg('olefile', '0.44')], [pkg('pillow', '4.1.1'), pkg('numpy', '1.26.4')]);
    expect(diff.changes).toEqual([
      { package: 'Pillow', from: '4.1.0', to: '4.1.1' },
      { package: 'olefile', from: '0.44', to: null },
      { package: 'numpy', from: null, to: '1.26.4' },
    ]);
    expect(diff.words.map(english)).toEqual(['Pillow 4.1.0 → 4.1.1', 'olefile 0.44 was removed', 'numpy 1.26.4 was added']);
    expect(diff.words.map((w) => formatMessage(w, 'de'))).toEqual(['Pillow 4.1.0 → 4.1.1', 'olefile 0.44 wurde entfernt', 'numpy 1.26.4 wurde hinzugefügt']);
    expect(diff.restore).toEqual(['Pillow==4.1.0', 'olefile==0.44']);
    expect(diff.remove).toEqual(['numpy']);
  });

  it('finds nothing changed after a reinstall of the same version', () => {
    const diff = differences([pkg('pillow', '12.3.0')], [pkg('Pillow', '12.3.0')]);
    expect(diff).toEqual({ words: [], changes: [], restore: [], remove: [] });
  });
});
