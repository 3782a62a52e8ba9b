// Names the browser tab (and the page, for screen readers) after what it shows.

import { useEffect } from 'preact/hooks';

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · forgedesk`;
  }, [title]);
}
