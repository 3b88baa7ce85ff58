import type { StepId } from '../wizard/wizard-steps';

/** The statuses every screen shows the same way: one colour and one icon each. */
export type StatusTone = 'ok' | 'problem' | 'warning' | 'info' | 'running' | 'waiting';
export type IconName = StatusTone | StepId | 'copy' | 'remove' | 'recommended';

// 24-unit outline glyphs in the spirit of Fluent System Icons (drawn here; no icon font to load).
const glyphs: Readonly<Record<IconName, string>> = {
  ok: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M8 12.5l2.7 2.7L16.2 9.5',
  problem: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M9 9l6 6M15 9l-6 6',
  warning: 'M12 3.5L21.5 20h-19zM12 10v4.5M12 17.2v.3',
  info: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 11v5.5M12 7.8v.3',
  running: 'M12 3a9 9 0 1 0 9 9',
  waiting: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 7v5l3 2',
  symptom: 'M6 3.5h12v17H6zM9 8h6M9 12h6M9 16h4',
  environment: 'M3 6.5h6.5l2 2H21v11H3z',
  diagnosis: 'M10.5 4a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13M15.3 15.3L20.5 20.5',
  fix: 'M14.5 3.5a5 5 0 0 0-4.6 6.9L3.5 16.8l3.7 3.7 6.4-6.4a5 5 0 0 0 6.9-4.6l-3 3-3.5-.6-.6-3.5z',
  apply: 'M7 4.5l12 7.5-12 7.5z',
  verify: 'M12 3l8 3v6c0 5-3.6 8-8 9-4.4-1-8-4-8-9V6zM8.5 12l2.5 2.5 4.5-4.5',
  report: 'M6 3h9l4 4v14H6zM14 3v5h5M9 13h7M9 17h7',
  copy: 'M8 8h11v12H8zM5 16V4h11',
  remove: 'M6 6l12 12M18 6L6 18',
  recommended: 'M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.8L12 16.8l-5.2 2.8 1-5.8-4.3-4.1 5.9-.8z',
};

/** A small outline icon beside a word that says the same: decorative, hidden from screen readers. */
export function Icon({ name, className }: { readonly name: IconName; readonly className?: string }) {
  return (
    <svg className={`icon icon-${name}${className ? ` ${className}` : ''}`} viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={glyphs[name]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
