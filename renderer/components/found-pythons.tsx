import { useDoctor } from '../store/store-context';

/** A short line on the first screen: the Pythons found on this computer, so the user sees at once we know them. */
export function FoundPythons() {
  const environments = useDoctor((s) => s.environments);
  if (environments.status !== 'ready') return <p className="muted" role="status">Looking for Python on this computer…</p>;
  const usable = environments.value.filter((e) => e.status !== 'failed');
  return (
    <details className="found-pythons">
      <summary>
        {usable.length === 0 ? 'No Python found on this computer yet (you can add one by path in the next step).' : `Python on this computer: ${usable.length} found`}
      </summary>
      <ul aria-label="Python on this computer">
        {usable.map((e) => (
          <li key={e.python}>
            {e.label} <span className="muted">{e.architecture ?? ''} · {e.python}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
