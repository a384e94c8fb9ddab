import { createContext, useContext } from 'react';
import type { Me } from './types';

export interface Session {
  me: Me;
  logout: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) {
    throw new Error('useSession outside a signed-in page');
  }
  return s;
}

export function can(me: Me, authority: string): boolean {
  return me.authorities.includes('ALL') || me.authorities.includes(authority);
}
