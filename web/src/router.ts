// Hash routing: the page lives in the URL fragment (`#/accounts/12?tab=x`), so
// the server only ever serves index.html at `/` and needs no fallback.

import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** The path part of the fragment, always starting with `/`. */
  path: string;
  query: URLSearchParams;
}

function readRoute(): Route {
  const fragment = window.location.hash.replace(/^#/, '');
  const [path = '', search = ''] = fragment.split('?', 2);
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(search) };
}

/** The current route, re-rendering the caller when it changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const update = () => setRoute(readRoute());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** The href of an in-app link to a path such as `/accounts/12`. */
export function href(path: string, query?: Record<string, string>): string {
  const search = query ? new URLSearchParams(Object.entries(query).filter(([, value]) => value !== '')).toString() : '';
  return `#${path}${search ? `?${search}` : ''}`;
}

/** Goes to a path; `replace` changes the current history entry instead of adding one. */
export function navigate(path: string, options: { query?: Record<string, string>; replace?: boolean } = {}): void {
  const target = href(path, options.query);
  if (options.replace) window.location.replace(target);
  else window.location.hash = target;
}

/**
 * Matches a path against a pattern such as `/accounts/:id`, returning the
 * named segments, or null when it does not match.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split('/');
  const pathParts = path.replace(/\/+$/, '').split('/');
  if (patternParts.length !== pathParts.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return null;
  }
  return params;
}
