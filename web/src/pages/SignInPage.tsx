// Sign-in: username and password, with the server's reason when it refuses
// (wrong credentials, or throttling after repeated failures).

import { ApiError } from '../api';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { signIn } from '../endpoints';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import type { SessionUser } from '../records';

interface SignInPageProps {
  /** Why the user is here, e.g. their session ended. */
  notice: string | null;
  onSignedIn: (user: SessionUser) => void;
}

export function SignInPage({ notice, onSignedIn }: SignInPageProps) {
  useDocumentTitle('Sign in');
  const form = useForm({
    initial: { username: '', password: '' },
    required: ['username', 'password'],
    onSubmit: async ({ username, password }) => {
      try {
        const session = await signIn(username.trim(), password);
        onSignedIn(session.user);
      } catch (failure) {
        throw withRetryHint(failure);
      }
    },
  });

  return (
    <main class="signin">
      <form class="signin-card" onSubmit={form.handleSubmit} noValidate>
        <h1>
          <span class="brand">forgedesk</span>
          <span class="signin-subtitle">Sign in</span>
        </h1>
        {notice && (
          <p class="alert alert--info" role="status">
            {notice}
          </p>
        )}
        <Field form={form} name="username" label="Username" autoComplete="username" />
        <Field form={form} name="password" label="Password" type="password" autoComplete="current-password" />
        <FormFooter form={form} submitLabel="Sign in" busyLabel="Signing in…" />
      </form>
    </main>
  );
}

/** Adds when to try again to a 429's detail, if the server said. */
function withRetryHint(failure: unknown): unknown {
  if (!(failure instanceof ApiError) || failure.status !== 429 || failure.retryAfterSeconds === null) return failure;
  const minutes = Math.ceil(failure.retryAfterSeconds / 60);
  const wait = minutes <= 1 ? 'a minute' : `${minutes} minutes`;
  return new ApiError(failure.status, `${failure.detail} Try again in ${wait}.`);
}
