// Loads data when its inputs change, ignoring answers that arrive after newer
// inputs have replaced them.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface AsyncState<T> {
  data: T | undefined;
  error: Error | null;
  loading: boolean;
  /** Loads again with the same inputs. */
  reload: () => void;
  /** Replaces the data without a request, e.g. with the record a save returned. */
  setData: (data: T) => void;
}

export function useAsync<T>(load: () => Promise<T>, inputs: unknown[]): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [reloads, setReloads] = useState(0);
  const latestCall = useRef(0);

  useEffect(() => {
    const call = ++latestCall.current;
    setLoading(true);
    setError(null);
    load().then(
      (result) => {
        if (call !== latestCall.current) return;
        setData(result);
        setLoading(false);
      },
      (failure: unknown) => {
        if (call !== latestCall.current) return;
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        setLoading(false);
      },
    );
  }, [...inputs, reloads]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return { data, error, loading, reload, setData };
}
