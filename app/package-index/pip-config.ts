/**
 * One setting of `pip config list`, as `pip install` sees it: the install section over global
 * (pip lists global first). Its `:env:` lines are skipped: the caller reads the environment itself.
 */
export function pipConfigValue(configList: string, key: string): string | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  return new RegExp(`^install\\.${escaped}='([^']*)'`, 'm').exec(configList)?.[1] ?? new RegExp(`^global\\.${escaped}='([^']*)'`, 'm').exec(configList)?.[1];
}
