import { useTranslation } from 'react-i18next';
import { formatMessage } from '../../app/messages';
import type { ErrorMessages } from '../store/load-state';
import { commandSegments } from '../wizard/command-segments';
import { Icon } from './icon';

/** An error in plain words, what to do next, and the technical details only on request. */
export function ErrorNotice({ message, whatToDo, details, catalog, messages }: { readonly message: string; readonly whatToDo?: string; readonly details?: string; readonly catalog?: true; readonly messages?: ErrorMessages }) {
  const { t, i18n } = useTranslation();
  // The renderer's own errors are catalog keys; the engine's carry their message ids (app/messages), or are shown as given.
  const words = (text: string, said: ErrorMessages[keyof ErrorMessages]) => (catalog ? t(text) : said ? formatMessage(said, i18n.language) : text);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-message"><Icon name="problem" /> {plainCommands(words(message, messages?.message))}</p>
      {whatToDo && <p>{plainCommands(words(whatToDo, messages?.whatToDo))}</p>}
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
