import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { DoctorState, DoctorStore } from './doctor-store';

export const StoreContext = createContext<DoctorStore | null>(null);

/** Selects one value from the store; select single values (zustand 5 loops on new objects). */
export function useDoctor<T>(selector: (state: DoctorState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useDoctor needs a StoreContext provider.');
  return useStore(store, selector);
}
