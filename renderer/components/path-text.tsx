import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icon';

/** The last part of a path (a file or folder name), for Windows and POSIX separators alike. */
export function baseName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || path;
}

/**
 * A file path shown whole: it wraps at separators instead of being cut, so the file name is never
 * hidden. The whole path is also on hover (title) and what copying gives.
 */
export function PathText({ path }: { readonly path: string }) {
  return (
    <code className="path" title={path} data-full-path={path}>
      {path.split(/(?<=[\\/])/).map((part, index) => (
        <span key={index}>
          {part}
          <wbr />
        </span>
      ))}
    </code>
  );
}

/** A path with a button that copies it whole. */
export function CopyablePath({ path }: { readonly path: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <span className="copyable">
      <PathText path={path} />
      <button
        type="button"
        className="icon-button"
        aria-label={copied ? t('common.copied') : t('common.copyPath', { name: baseName(path) })}
        title={copied ? t('common.copied') : t('common.copyPathShort')}
        onClick={() => {
          void navigator.clipboard?.writeText(path).then(() => setCopied(true), () => setCopied(false));
        }}
      >
        <Icon name={copied ? 'ok' : 'copy'} />
      </button>
    </span>
  );
}
