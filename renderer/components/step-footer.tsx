import type { ReactNode } from 'react';

/**
 * The step's main buttons, kept in view at the bottom of the window (sticky) so "Next" is reachable
 * at 1024x700 however long the step is; `hint` says why the main button is disabled.
 */
export function StepFooter({ children, hint, hintId }: { readonly children: ReactNode; readonly hint?: string | null; readonly hintId?: string }) {
  return (
    <div className="step-footer">
      <div className="actions">{children}</div>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
