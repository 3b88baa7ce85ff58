import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToEngine } from './api/connect';
import { AppShell } from './components/app-shell';
import { createDoctorStore } from './store/doctor-store';
import { StoreContext } from './store/store-context';
import './styles.css';

const store = createDoctorStore(connectToEngine());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <AppShell />
    </StoreContext.Provider>
  </StrictMode>,
);
