import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useDoctor } from '../store/store-context';
import { stepFacts } from '../wizard/session';
import { reachableSteps } from '../wizard/wizard-steps';
import { RefusedChange } from './refused-change';
import { StepNav } from './step-nav';
import { StepScreen } from './step-screen';
import { UnfinishedRepairs } from './unfinished-repairs';

/** The window: the app's name and where it runs, the steps, and the current step's screen. */
export function AppShell() {
  const { t } = useTranslation();
  const appInfo = useDoctor((s) => s.appInfo);
  const loadMachine = useDoctor((s) => s.loadMachine);
  const step = useDoctor((s) => s.step);
  const goTo = useDoctor((s) => s.goTo);
  // useShallow: the selector builds a new object each time, which zustand 5 would re-render forever.
  const facts = useDoctor(useShallow(stepFacts));
  const open = reachableSteps(facts);

  const loadUnfinished = useDoctor((s) => s.loadUnfinished);
  useEffect(() => {
    void loadMachine();
    void loadUnfinished();
  }, [loadMachine, loadUnfinished]);

  // A new step moves keyboard and screen-reader focus to its heading, so nobody has to tab back up.
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector('h2');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }, [step]);

  return (
    <div className="shell">
      <header className="shell-header">
        <h1>{t('app.name')}</h1>
        {appInfo.status === 'ready' && (
          <span className="muted">
            {t('app.runningOn', { version: appInfo.value.version, platform: appInfo.value.platform, arch: appInfo.value.arch, host: t(appInfo.value.host === 'browser' ? 'app.browserMode' : 'app.desktop') })}
          </span>
        )}
      </header>
      <div className="shell-main wizard">
        <StepNav current={step} open={open} onOpen={goTo} />
        <main ref={mainRef}>
          <UnfinishedRepairs />
          <RefusedChange />
          <StepScreen step={step} />
        </main>
      </div>
    </div>
  );
}
