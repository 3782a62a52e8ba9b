// Below a list: its error, "Loading…", the empty message, or "Load more"
// (for a paged list, see usePagedList).

import { ErrorAlert } from './ErrorAlert';

export interface ListState {
  items: readonly unknown[];
  loading: boolean;
  error: Error | null;
  hasMore?: boolean;
  loadMore?: () => void;
}

export function ListFooter({ list, emptyText }: { list: ListState; emptyText: string }) {
  return (
    <div class="list-footer">
      <ErrorAlert error={list.error} />
      {list.loading && <p class="muted">Loading…</p>}
      {!list.loading && !list.error && list.items.length === 0 && <p class="empty">{emptyText}</p>}
      {!list.loading && list.hasMore && list.loadMore && (
        <button type="button" class="button" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </div>
  );
}
