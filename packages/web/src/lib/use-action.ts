import { useCallback, useState } from 'react';
import { toApiError } from './api';
import type { ApiError } from './api';

/**
 * A button's action with its error: `run(f)` clears the last error, awaits `f`, and keeps what it
 * throws for an ErrorBox; it answers whether `f` succeeded.
 */
export function useAction(): {
  error: ApiError | null;
  run: (f: () => Promise<unknown>) => Promise<boolean>;
} {
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async (f: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await f();
      return true;
    } catch (e) {
      setError(toApiError(e));
      return false;
    }
  }, []);
  return { error, run };
}
