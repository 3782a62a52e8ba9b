// A cursor-paged collection: loads the first page when its inputs change and
// appends further pages on loadMore(), ignoring answers made stale by newer inputs.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PageFetcher } from '../endpoints';

export interface PagedList<T> {
  items: T[];
  loading: boolean;
  error: Error | null;
  hasMore: boolean;
  loadMore: () => void;
}

export function usePagedList<T>(fetchPage: PageFetcher<T>, inputs: unknown[]): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const latestCall = useRef(0);

  const load = useCallback(
    (after: string | undefined) => {
      const call = ++latestCall.current;
      setLoading(true);
      setError(null);
      fetchPage(after).then(
        (page) => {
          if (call !== latestCall.current) return;
          setItems((current) => (after === undefined ? page.items : [...current, ...page.items]));
          setNext(page.next);
          setLoading(false);
        },
        (failure: unknown) => {
          if (call !== latestCall.current) return;
          setError(failure instanceof Error ? failure : new Error(String(failure)));
          setLoading(false);
        },
      );
    },
    // fetchPage is usually an inline closure; the inputs say when it changes.
    inputs,
  );

  useEffect(() => load(undefined), [load]);

  const loadMore = useCallback(() => {
    if (next !== null) load(next);
  }, [load, next]);

  return { items, loading, error, hasMore: next !== null, loadMore };
}
