// The page a customer reaches from an invitation (#/survey/<token>), without
// signing in: the survey's question with its scale as large buttons that
// work on a phone, the optional comment and custom questions, then thanks.
// A link that is unknown, expired or already answered gets the server's
// polite message and nothing else.

import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { answerSurveyLink, openSurveyLink, type PublicSurvey } from '../surveys';

export function PublicSurveyPage({ token }: { token: string }) {
  const survey = useAsync(() => openSurveyLink(token), [token]);
  useDocumentTitle(survey.data?.name ?? 'Survey');
  const [thanks, setThanks] = useState<string | null>(null);
  return (
    <main class="public-survey">
      <p class="public-survey-brand">forgedesk</p>
      {thanks ? (
        <p class="public-survey-thanks" role="status">{thanks}</p>
      ) : survey.data ? (
        <SurveyForm token={token} survey={survey.data} onAnswered={setThanks} />
      ) : survey.error ? (
        <p class="public-survey-notice" role="alert">{survey.error instanceof ApiError ? survey.error.detail : 'The survey could not be loaded. Please try again later.'}</p>
      ) : (
        <p>Loading the survey…</p>
      )}
    </main>
  );
}

function SurveyForm({ token, survey, onAnswered }: { token: string; survey: PublicSurvey; onAnswered: (message: string) => void }) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [answers, setAnswers] = useState<string[]>(survey.custom_questions.map(() => ''));
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const scores = Array.from({ length: survey.scale_max - survey.scale_min + 1 }, (_, index) => survey.scale_min + index);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (score === null) {
      setError('Please choose a score.');
      return;
    }
    setSending(true);
    setError(null);
    try {
      const answered = await answerSurveyLink(token, { score, comment: comment.trim() || null, answers: answers.map((a) => a.trim()) });
      onAnswered(answered.message);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.detail || failure.errors.map((e) => e.message).join(' ') : 'Your answer could not be sent. Please try again.');
      setSending(false);
    }
  };

  return (
    <form class="public-survey-form" onSubmit={submit}>
      <h1>{survey.name}</h1>
      <fieldset>
        <legend>{survey.question}</legend>
        <div class="score-buttons" role="radiogroup" aria-label={survey.question}>
          {scores.map((value) => (
            <button key={value} type="button" role="radio" aria-checked={score === value} class={`score-button${score === value ? ' score-button--chosen' : ''}`} onClick={() => setScore(value)}>
              {value}
            </button>
          ))}
        </div>
        <div class="score-labels">
          <span>{survey.low_label ?? ''}</span>
          <span>{survey.high_label ?? ''}</span>
        </div>
      </fieldset>
      {survey.comment_prompt && (
        <label class="public-survey-field">
          {survey.comment_prompt}
          <textarea name="comment" maxLength={4000} rows={4} value={comment} onInput={(event) => setComment(event.currentTarget.value)} />
        </label>
      )}
      {survey.custom_questions.map((question, index) => (
        <label key={question} class="public-survey-field">
          {question}
          <textarea rows={3} maxLength={2000} value={answers[index]} onInput={(event) => setAnswers(answers.map((a, i) => (i === index ? event.currentTarget.value : a)))} />
        </label>
      ))}
      {error && <p class="public-survey-notice" role="alert">{error}</p>}
      <button type="submit" class="button button--primary public-survey-send" disabled={sending}>
        {sending ? 'Sending…' : 'Send my answer'}
      </button>
    </form>
  );
}
