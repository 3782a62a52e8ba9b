// What a record's page shows before it has the record: the way back, then
// "Loading…" or why the record cannot be shown (a plain sentence for a 404).

import { ApiError } from '../api';
import { href } from '../router';
import { ErrorAlert } from './ErrorAlert';

/** The link back to the list a page belongs to. */
export function Breadcrumb({ label, path }: { label: string; path: string }) {
  return (
    <p class="breadcrumb">
      <a href={href(path)}>{label}</a>
    </p>
  );
}

interface RecordPendingProps {
  back: { label: string; path: string };
  loading: boolean;
  error: Error | null | undefined;
  /** Said instead of the server's words when the record does not exist. */
  missing: string;
}

export function RecordPending({ back, loading, error, missing }: RecordPendingProps) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <div class="page">
      <Breadcrumb {...back} />
      {loading && <p class="muted">Loading…</p>}
      <ErrorAlert error={notFound ? missing : error} />
    </div>
  );
}
