import { useTranslation } from 'react-i18next';
import { commandSegments } from '../wizard/command-segments';
import { Icon } from './icon';

/** An error in plain words, what to do next, and the technical details only on request. */
export function ErrorNotice({ message, whatToDo, details, catalog }: { readonly message: string; readonly whatToDo?: string; readonly details?: string; readonly catalog?: true }) {
  const { t } = useTranslation();
  // The renderer's own errors are catalog keys; the engine's arrive as text (and go through here to be translated later).
  const words = (text: string) => (catalog ? t(text) : text);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-message"><Icon name="problem" /> {plainCommands(words(message))}</p>
      {whatToDo && <p>{plainCommands(words(whatToDo))}</p>}
      {details && (
        <details>
          <summary>{t('common.technicalDetails')}</summary>
          <pre>{details}</pre>
        </details>
      )}
    </div>
  );
}

/** Engine advice marks commands with Markdown backticks; on screen they are code, not literal backticks. */
export function plainCommands(text: string) {
  return commandSegments(text).map((part, index) => (part.code ? <code key={index}>{part.text}</code> : part.text));
}
