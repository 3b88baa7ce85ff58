/** An error in plain words, what to do next, and the technical details only on request. */
export function ErrorNotice({ message, whatToDo, details }: { readonly message: string; readonly whatToDo?: string; readonly details?: string }) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-message">{message}</p>
      {whatToDo && <p>{whatToDo}</p>}
      {details && (
        <details>
          <summary>Technical details</summary>
          <pre>{details}</pre>
        </details>
      )}
    </div>
  );
}
