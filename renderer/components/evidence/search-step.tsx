import { searchStepWords } from '../../../app/messages';
import { useEngineText } from '../../i18n/engine-text';

/** The step of the loader's search that found a file, in words, with the loader's own name on hover. */
export function SearchStep({ step }: { readonly step: string }) {
  const { say } = useEngineText();
  return (
    <span className="badge badge-step" title={step}>
      {say(searchStepWords(step))}
    </span>
  );
}
