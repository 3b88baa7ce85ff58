import { useTranslation } from 'react-i18next';

/** The catalog key of a loader search step ('add_dll_directory (conda)' → add_dll_directory_conda). */
export function searchStepKey(step: string): string {
  return step.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toLowerCase();
}

/** The step of the loader's search that found a file, in words, with the loader's own name on hover. */
export function SearchStep({ step }: { readonly step: string }) {
  const { t } = useTranslation();
  return (
    <span className="badge badge-step" title={step}>
      {t(`searchStep.${searchStepKey(step)}`, { defaultValue: step })}
    </span>
  );
}
