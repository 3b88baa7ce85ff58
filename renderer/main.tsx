import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { connectToEngine } from './api/connect';
import { AppShell } from './components/app-shell';
import { startI18n, systemLanguage } from './i18n/i18n';
import { createDoctorStore } from './store/doctor-store';
import { StoreContext } from './store/store-context';
import './styles.css';

const language = systemLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
document.documentElement.lang = language;
const i18n = startI18n(language);
// Going back and changing an earlier step after a repair forgets its way back: the user is asked first.
const store = createDoctorStore(connectToEngine(), { confirmLoss: () => window.confirm(i18n.t('session.forgetRepair')) });
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <StoreContext.Provider value={store}>
        <AppShell />
      </StoreContext.Provider>
    </I18nextProvider>
  </StrictMode>,
);
