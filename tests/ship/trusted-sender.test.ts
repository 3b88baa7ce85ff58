import { describe, expect, it } from 'vitest';
import { isTrustedSender, type IpcSenderEvent, type TrustedWindow } from '../../main/trusted-sender';

const ORIGIN = 'app://doctor';

interface Frame {
  url: string;
  parent: Frame | null;
}

function windowWith(id: number, mainFrame: Frame, destroyed = false): TrustedWindow {
  return { isDestroyed: () => destroyed, webContents: { id, mainFrame } } as unknown as TrustedWindow;
}

function eventFrom(senderId: number, frame: Frame | null): IpcSenderEvent {
  return { sender: { id: senderId }, senderFrame: frame } as unknown as IpcSenderEvent;
}

describe('isTrustedSender', () => {
  const top: Frame = { url: `${ORIGIN}/index.html`, parent: null };

  it('accepts our window’s main frame showing our app:// page', () => {
    expect(isTrustedSender(eventFrom(7, top), windowWith(7, top), ORIGIN)).toBe(true);
  });

  it('refuses another window’s webContents', () => {
    expect(isTrustedSender(eventFrom(8, top), windowWith(7, top), ORIGIN)).toBe(false);
  });

  it('refuses a sub-frame of our window', () => {
    const child: Frame = { url: `${ORIGIN}/index.html`, parent: top };

    expect(isTrustedSender(eventFrom(7, child), windowWith(7, top), ORIGIN)).toBe(false);
  });

  it('refuses a frame that navigated away or was destroyed (senderFrame is null)', () => {
    expect(isTrustedSender(eventFrom(7, null), windowWith(7, top), ORIGIN)).toBe(false);
  });

  it('refuses our main frame once it shows another origin', () => {
    for (const url of ['https://example.com/', 'file:///C:/index.html', 'app://doctor.evil/index.html', 'app://evil/', 'app://user@doctor/', 'not a url']) {
      const frame: Frame = { url, parent: null };

      expect(isTrustedSender(eventFrom(7, frame), windowWith(7, frame), ORIGIN), url).toBe(false);
    }
  });

  it('refuses everything once the window is destroyed or gone', () => {
    expect(isTrustedSender(eventFrom(7, top), windowWith(7, top, true), ORIGIN)).toBe(false);
    expect(isTrustedSender(eventFrom(7, top), null, ORIGIN)).toBe(false);
  });
});
