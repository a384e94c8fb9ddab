import type { Authority } from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { createContext, useContext } from 'react';

export interface Session {
  me: Api.MeResponse;
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

export function can(me: Api.MeResponse, authority: Authority): boolean {
  return me.authorities.includes('ALL') || me.authorities.includes(authority);
}
