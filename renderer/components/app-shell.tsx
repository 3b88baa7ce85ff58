import { useDoctor } from '../store/store-context';
import { InterpretersScreen } from './interpreters-screen';

/** The window: a header with the app's name and where it runs, and the current screen. */
export function AppShell() {
  const appInfo = useDoctor((s) => s.appInfo);
  return (
    <div className="shell">
      <header className="shell-header">
        <h1>Python DLL Doctor</h1>
        {appInfo.status === 'ready' && (
          <span className="muted">
            {appInfo.value.version} · {appInfo.value.platform} {appInfo.value.arch} · {appInfo.value.host === 'browser' ? 'browser mode' : 'desktop'}
          </span>
        )}
      </header>
      <main className="shell-main">
        <InterpretersScreen />
      </main>
    </div>
  );
}
