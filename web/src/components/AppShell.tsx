// The frame around every signed-in page: brand, who is signed in and Sign out along the top,
// the navigation (the NAV_ENTRIES for the role, in their groups) down the side.

import type { ComponentChildren } from 'preact';
import { isCurrentEntry, navGroupsFor } from '../nav';
import { labelFor, ROLES, type SessionUser } from '../records';
import { href, useRoute } from '../router';

interface AppShellProps {
  user: SessionUser;
  onSignOut: () => void;
  children: ComponentChildren;
}

export function AppShell({ user, onSignOut, children }: AppShellProps) {
  const { path } = useRoute();
  return (
    <div class="app">
      <a class="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={href('/')}>
          forgedesk
        </a>
        <div class="topbar-user">
          <span class="user-name">{user.display_name}</span>
          <span class="user-role">{labelFor(ROLES, user.role)}</span>
          <button type="button" class="button button--quiet" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <div class="app-body">
        <nav class="sidenav" aria-label="Main">
          {navGroupsFor(user.role).map(({ group, entries }) => (
            <section key={group} class="sidenav-group" aria-labelledby={`nav-${group}`}>
              <h2 id={`nav-${group}`} class="sidenav-heading">
                {group}
              </h2>
              <ul>
                {entries.map((entry) => (
                  <li key={entry.path}>
                    <a href={href(entry.path)} aria-current={isCurrentEntry(entry, path) ? 'page' : undefined}>
                      {entry.label}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </nav>
        <main id="main" class="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

/** With hash routing, `#main` would be taken as a route: move focus instead of following the link. */
function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
