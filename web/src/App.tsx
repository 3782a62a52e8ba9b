// The root: the public survey page for a survey link; otherwise decides signed
// in or not (GET /api/v1/session), then shows the sign-in page or the app
// shell with the page the URL names.

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
import { CalibrationPage, NewCalibrationPage } from './pages/CalibrationPage';
import { CapaPage } from './pages/CapaPage';
import { CapasPage } from './pages/CapasPage';
import { CasePage } from './pages/CasePage';
import { CampaignPage, CampaignsPage } from './pages/CampaignsPage';
import { CaseQueuePage } from './pages/CaseQueuePage';
import { ImprovementPage, ImprovementsPage } from './pages/ImprovementsPage';
import { NewAccountPage } from './pages/NewAccountPage';
import { FeedbackPage } from './pages/FeedbackPage';
import { MyTasksPage } from './pages/MyTasksPage';
import { NewCasePage } from './pages/NewCasePage';
import { MailAdminPage } from './pages/MailAdminPage';
import { MailOutboxPage } from './pages/MailOutboxPage';
import { MailTriagePage } from './pages/MailTriagePage';
import { MeetingPage, MeetingsPage } from './pages/MeetingsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PerformancePage } from './pages/PerformancePage';
import { PerfCasePage } from './pages/PerfCasePage';
import { PersonPerformancePage } from './pages/PersonPerformancePage';
import { NewQaReviewPage, QaReviewPage } from './pages/QaReviewPage';
import { QualityPage } from './pages/QualityPage';
import { ReportsPage } from './pages/ReportsPage';
import { SamplingRulesPage } from './pages/SamplingRulesPage';
import { ScorecardPage } from './pages/ScorecardPage';
import { PublicSurveyPage } from './pages/PublicSurveyPage';
import { PrivacyPage } from './pages/PrivacyPage';
import { RetentionPage } from './pages/RetentionPage';
import { SatisfactionPage } from './pages/SatisfactionPage';
import { SurveyPage } from './pages/SurveyPage';
import { SurveysPage } from './pages/SurveysPage';
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
  { pattern: '/tasks/mine', render: (_, route, user) => <MyTasksPage user={user} query={route.query} /> },
  { pattern: '/privacy', render: (_, __, user) => <PrivacyPage user={user} /> },
  { pattern: '/retention', render: (_, __, user) => <RetentionPage user={user} /> },
  { pattern: '/retention/campaigns', render: () => <CampaignsPage /> },
  {
    pattern: '/retention/campaigns/:id',
    render: ({ id = '' }) => (isId(id) ? <CampaignPage key={id} campaignId={Number(id)} /> : null),
  },
  { pattern: '/retention/improvements', render: (_, __, user) => <ImprovementsPage user={user} /> },
  {
    pattern: '/retention/improvements/:id',
    render: ({ id = '' }, _, user) => (isId(id) ? <ImprovementPage key={id} improvementId={Number(id)} user={user} /> : null),
  },
  { pattern: '/satisfaction', render: (_, route) => <SatisfactionPage query={route.query} /> },
  { pattern: '/surveys', render: (_, route, user) => <SurveysPage user={user} query={route.query} /> },
  { pattern: '/surveys/new', render: () => <SurveyPage surveyId={null} /> },
  { pattern: '/surveys/:id', render: ({ id = '' }) => (isId(id) ? <SurveyPage key={id} surveyId={Number(id)} /> : null) },
  { pattern: '/feedback', render: (_, __, user) => <FeedbackPage user={user} /> },
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
  { pattern: '/quality', render: (_, __, user) => <QualityPage user={user} /> },
  { pattern: '/quality/scorecards/new', render: () => <ScorecardPage scorecardId={null} /> },
  {
    pattern: '/quality/scorecards/:id',
    render: ({ id = '' }) => (isId(id) ? <ScorecardPage key={id} scorecardId={Number(id)} /> : null),
  },
  {
    pattern: '/quality/reviews/new',
    render: (_, route, user) => {
      const caseId = route.query.get('case_id') ?? '', card = route.query.get('scorecard_id') ?? '';
      return isId(caseId) && isId(card) ? <NewQaReviewPage caseId={Number(caseId)} scorecardId={Number(card)} user={user} /> : null;
    },
  },
  {
    pattern: '/quality/reviews/:id',
    render: ({ id = '' }, _, user) => (isId(id) ? <QaReviewPage key={id} reviewId={Number(id)} user={user} /> : null),
  },
  { pattern: '/quality/sampling', render: () => <SamplingRulesPage /> },
  { pattern: '/quality/calibrations/new', render: (_, route) => <NewCalibrationPage caseId={route.query.get('case_id') ?? ''} /> },
  {
    pattern: '/quality/calibrations/:id',
    render: ({ id = '' }) => (isId(id) ? <CalibrationPage key={id} calibrationId={Number(id)} /> : null),
  },
  { pattern: '/mail', render: (_, __, user) => <MailTriagePage user={user} /> },
  { pattern: '/mail/outbox', render: (_, route, user) => <MailOutboxPage user={user} query={route.query} /> },
  { pattern: '/mail/admin', render: (_, __, user) => <MailAdminPage user={user} /> },
  { pattern: '/meetings', render: (_, __, user) => <MeetingsPage user={user} /> },
  { pattern: '/performance', render: (_, __, user) => <PerformancePage user={user} /> },
  {
    pattern: '/performance/cases/:id',
    render: ({ id = '' }, _, user) => (isId(id) ? <PerfCasePage key={id} caseId={Number(id)} user={user} /> : null),
  },
  {
    pattern: '/performance/people/:id',
    render: ({ id = '' }, _, user) => (isId(id) ? <PersonPerformancePage key={id} personId={Number(id)} user={user} /> : null),
  },
  {
    pattern: '/meetings/:id',
    render: ({ id = '' }, _, user) => (isId(id) ? <MeetingPage key={id} meetingId={Number(id)} user={user} /> : null),
  },
];

type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; user: SessionUser };

/** The public survey page (#/survey/<token>) is answered without signing in. */
export function App() {
  const route = useRoute();
  const survey = matchPath('/survey/:token', route.path);
  return survey ? <PublicSurveyPage token={survey.token ?? ''} /> : <StaffApp />;
}

function StaffApp() {
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
