// Shown for an address that names no page.

import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { HOME_PATH } from '../nav';
import { href } from '../router';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <div class="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href={href(HOME_PATH)}>Go to the accounts list</a>.
      </p>
    </div>
  );
}
