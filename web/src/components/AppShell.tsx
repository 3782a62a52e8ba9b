// The frame around every signed-in page: brand, who is signed in and Sign out along the top,
// the navigation (the NAV_ENTRIES for the role, in their groups, with their notices) down the side.

import type { ComponentChildren } from 'preact';
import { noticeText, useNavNotices, type NavNotices } from '../hooks/useNavNotices';
import { isCurrentEntry, navGroupsFor, type NavEntry } from '../nav';
import { labelFor, ROLES, type SessionUser } from '../records';
import { href, useRoute } from '../router';

interface AppShellProps {
  user: SessionUser;
  onSignOut: () => void;
  children: ComponentChildren;
}

export function AppShell({ user, onSignOut, children }: AppShellProps) {
  const { path } = useRoute();
  const notices = useNavNotices(user.role, path);
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
                    <NavLink entry={entry} current={isCurrentEntry(entry, path)} notices={notices} />
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

/** An entry's link; a notice's count beside its label describes the link without renaming it. */
function NavLink({ entry, current, notices }: { entry: NavEntry; current: boolean; notices: NavNotices }) {
  const count = entry.notice ? (notices[entry.notice] ?? 0) : 0;
  const noticeId = `nav-notice-${entry.notice}`;
  return (
    <a
      href={href(entry.path)}
      aria-current={current ? 'page' : undefined}
      aria-label={count ? entry.label : undefined}
      aria-describedby={count ? noticeId : undefined}
    >
      {entry.label}
      {entry.notice && count > 0 && (
        <span class="nav-notice" id={noticeId} title={noticeText(entry.notice, count)}>
          <span aria-hidden="true">{count}</span>
          <span class="visually-hidden">{noticeText(entry.notice, count)}</span>
        </span>
      )}
    </a>
  );
}

/** With hash routing, `#main` would be taken as a route: move focus instead of following the link. */
function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
