/**
 * Dates and numbers in the reader's locale (Intl), for the HTML and Markdown reports. The JSON keeps
 * ISO 8601 timestamps and plain numbers; the HTML also keeps the ISO value in `<time datetime>`.
 */

export interface LocaleFormat {
  /** The BCP 47 tag actually used (the requested one when Intl supports it, else `en`). */
  readonly locale: string;
  /** An ISO 8601 timestamp as a localised date and time; an unparseable value is returned as it is. */
  readonly date: (iso: string) => string;
  readonly integer: (value: number) => string;
  /** A fraction with two decimals (confidence scores). */
  readonly decimal: (value: number) => string;
}

/** The locale a report is rendered in when none is asked for: the process's own (the system's). */
export function systemLocale(): string {
  return new Intl.DateTimeFormat().resolvedOptions().locale;
}

/** The requested locale if Intl knows it, else English; never throws on a malformed tag. */
export function supportedLocale(requested: string | undefined): string {
  if (!requested) return systemLocale();
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([requested])[0] ?? 'en';
  } catch {
    // RangeError: not a structurally valid language tag.
    return 'en';
  }
}

export function localeFormat(requested?: string, timeZone?: string): LocaleFormat {
  const locale = supportedLocale(requested);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
  const integers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return {
    locale,
    date: (iso) => {
      const when = new Date(iso);
      return Number.isNaN(when.getTime()) ? iso : dates.format(when);
    },
    integer: (value) => integers.format(value),
    decimal: (value) => decimals.format(value),
  };
}
