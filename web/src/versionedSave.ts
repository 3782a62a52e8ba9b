// Saving a versioned record with If-Match: when someone else saved first
// (412), their version is loaded and handed back, and the save fails with a
// message saying so (which the form shows). Used by every edit form.

import { ApiError } from './api';

interface VersionedSave<T> {
  /** The PATCH with If-Match. */
  save: () => Promise<T>;
  /** Loads the record as it now is. */
  load: () => Promise<T>;
  /** Called with someone else's newer version after a 412, before the failure. */
  onReloaded: (latest: T) => void;
  /** What the form says after a 412. */
  staleMessage: string;
}

/**
 * A versioned save from an edit form: `show` gets whichever version is the
 * newest afterwards, the one saved or, after a 412, the one reloaded (and the
 * save then fails saying so).
 */
export async function saveAndShow<T>({ save, load, show, staleMessage }: Omit<VersionedSave<T>, 'onReloaded'> & { show: (record: T) => void }): Promise<void> {
  show(await saveVersioned({ save, load, onReloaded: show, staleMessage }));
}

export async function saveVersioned<T>({ save, load, onReloaded, staleMessage }: VersionedSave<T>): Promise<T> {
  try {
    return await save();
  } catch (failure) {
    if (!(failure instanceof ApiError) || failure.status !== 412) throw failure;
    onReloaded(await load());
    throw new Error(staleMessage);
  }
}
