/** A labelled progress bar; without a fraction it shows that work is going on, not how much. */
export function ProgressBar({ label, fraction }: { readonly label: string; readonly fraction?: number }) {
  const percent = fraction === undefined ? undefined : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="progress">
      <div className="progress-label">{label}</div>
      <div
        className={percent === undefined ? 'progress-track progress-indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="progress-fill" style={{ width: `${percent ?? 30}%` }} />
      </div>
    </div>
  );
}
