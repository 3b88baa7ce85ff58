import { describe, expect, it } from 'vitest';
import { commandSegments } from '../../renderer/wizard/command-segments';

describe('commands in engine advice', () => {
  it('become code, without literal backticks', () => {
    const parts = commandSegments('Start `npm run web` again and open the new address it prints.');
    expect(parts).toEqual([
      { code: false, text: 'Start ' },
      { code: true, text: 'npm run web' },
      { code: false, text: ' again and open the new address it prints.' },
    ]);
    expect(parts.map((p) => p.text).join('')).not.toContain('`');
  });

  it('leaves text without commands alone', () => {
    expect(commandSegments('Check the path.')).toEqual([{ code: false, text: 'Check the path.' }]);
  });
});
