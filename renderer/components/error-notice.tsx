import { useTranslation } from 'react-i18next';
import { commandSegments } from '../wizard/command-segments';
import { Icon } from './icon';

/** An error in plain words, what to do next, and the technical details only on request. */
export function ErrorNotice({ message, whatToDo, details }: { readonly message: string; readonly whatToDo?: string; readonly details?: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-message"><Icon name="problem" /> {plainCommands(message)}</p>
      {whatToDo && <p>{plainCommands(whatToDo)}</p>}
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
