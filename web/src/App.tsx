// The root: decides signed in or not (GET /api/v1/session), then shows the
// sign-in page or the app shell with the page the URL names.

import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, onUnauthorized } from './api';
import { AppShell } from './components/AppShell';
import { getSession, signOut } from './endpoints';
import { HOME_PATH } from './nav';
import { AccountPage } from './pages/AccountPage';
import { AccountsPage } from './pages/AccountsPage';
import { AtRiskPage } from './pages/AtRiskPage';
import { CalendarPage } from './pages/CalendarPage';
import { CapaPage } from './pages/CapaPage';
import { CapasPage } from './pages/CapasPage';
import { CasePage } from './pages/CasePage';
import { CaseQueuePage } from './pages/CaseQueuePage';
import { NewAccountPage } from './pages/NewAccountPage';
import { NewCasePage } from './pages/NewCasePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReportsPage } from './pages/ReportsPage';
import { SignInPage } from './pages/SignInPage';
import { SlaPolicyPage } from './pages/SlaPolicyPage';
import { SlaSettingsPage } from './pages/SlaSettingsPage';
import { TeamPage } from './pages/TeamPage';
import type { SessionUser } from './records';
import { matchPath, navigate, useRoute, type Route } from './router';

interface PageEntry {
  pattern: string;
  render: (params: Record<string, string>, route: Route, user: SessionUser) => VNode | null;
}

const isId = (text: string) => /^\d+$/.test(text);

/** Every page, first match wins. */
const PAGES: readonly PageEntry[] = [
  { pattern: '/cases/mine', render: (_, route, user) => <CaseQueuePage scope="mine" user={user} query={route.query} /> },
  { pattern: '/cases/team', render: (_, route, user) => <CaseQueuePage scope="team" user={user} query={route.query} /> },
  { pattern: '/cases/at-risk', render: () => <AtRiskPage /> },
  {
    pattern: '/cases/new',
    render: (_, route) => {
      const accountId = route.query.get('account_id') ?? '';
      return <NewCasePage accountId={isId(accountId) ? Number(accountId) : null} />;
    },
  },
  {
    pattern: '/cases/:id',
    render: ({ id = '' }, _, user) => (isId(id) ? <CasePage key={id} caseId={Number(id)} user={user} /> : null),
  },
  { pattern: '/accounts', render: (_, route) => <AccountsPage query={route.query} /> },
  { pattern: '/accounts/new', render: () => <NewAccountPage /> },
  {
    pattern: '/accounts/:id',
    render: ({ id = '' }, _, user) => (isId(id) ? <AccountPage key={id} accountId={Number(id)} user={user} /> : null),
  },
  { pattern: '/capas', render: (_, route) => <CapasPage query={route.query} /> },
  {
    pattern: '/capas/:id',
    render: ({ id = '' }, _, user) => (isId(id) ? <CapaPage key={id} capaId={Number(id)} user={user} /> : null),
  },
  { pattern: '/reports', render: (_, route) => <ReportsPage query={route.query} /> },
  { pattern: '/team', render: (_, route, user) => <TeamPage user={user} query={route.query} /> },
  { pattern: '/sla', render: (_, __, user) => <SlaSettingsPage user={user} /> },
  {
    pattern: '/sla/policies/:id',
    render: ({ id = '' }, _, user) => (isId(id) ? <SlaPolicyPage key={id} policyId={Number(id)} user={user} /> : null),
  },
  {
    pattern: '/sla/calendars/:id',
    render: ({ id = '' }, _, user) => (isId(id) ? <CalendarPage key={id} calendarId={Number(id)} user={user} /> : null),
  },
];

type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; user: SessionUser };

export function App() {
  const [session, setSession] = useState<SessionState>({ status: 'checking' });

  useEffect(() => {
    getSession().then(
      ({ user }) => setSession({ status: 'signed-in', user }),
      (failure: unknown) => {
        const notice = failure instanceof ApiError && failure.status !== 401 ? failure.detail : null;
        setSession({ status: 'signed-out', notice });
      },
    );
  }, []);

  const signedIn = session.status === 'signed-in';
  useEffect(() => {
    if (!signedIn) return undefined;
    onUnauthorized(() => setSession({ status: 'signed-out', notice: 'Your session has ended. Please sign in again.' }));
    return () => onUnauthorized(null);
  }, [signedIn]);

  if (session.status === 'checking') return <p class="splash">Loading forgedesk…</p>;
  if (session.status === 'signed-out') {
    return <SignInPage notice={session.notice} onSignedIn={(user) => setSession({ status: 'signed-in', user })} />;
  }

  const handleSignOut = () => {
    // Signed out either way: a failed DELETE means the session is already gone or unreachable.
    const showSignedOut = () => setSession({ status: 'signed-out', notice: null });
    signOut().then(showSignedOut, showSignedOut);
  };
  return (
    <AppShell user={session.user} onSignOut={handleSignOut}>
      <CurrentPage user={session.user} />
    </AppShell>
  );
}

function CurrentPage({ user }: { user: SessionUser }) {
  const route = useRoute();
  const atRoot = route.path === '/';
  useEffect(() => {
    if (atRoot) navigate(HOME_PATH, { replace: true });
  }, [atRoot]);
  if (atRoot) return null;

  for (const page of PAGES) {
    const params = matchPath(page.pattern, route.path);
    const rendered = params && page.render(params, route, user);
    if (rendered) return rendered;
  }
  return <NotFoundPage />;
}
