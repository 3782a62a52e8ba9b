// A survey's definition and trigger, new or changed (surveys.admin): type,
// question and scale (CSAT and NPS fixed; CES any scale with its
// direction), labels, comment prompt and custom questions, and the trigger —
// after resolved cases of chosen types with a delay, or per account every
// so many days — with the per-contact cap, link lifetime and follow-up owner.

import { useState } from 'preact/hooks';
import { CheckboxField, CheckboxGroupField, Field } from '../components/Field';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { blankToNull } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { useUsers } from '../hooks/useUsers';
import { CASE_TYPES } from '../records';
import { navigate } from '../router';
import { createSurvey, getSurvey, patchSurvey, SURVEY_TRIGGERS, type Survey, type SurveyInput } from '../surveyAdmin';
import { SURVEY_TYPES } from '../surveys';
import { saveAndShow } from '../versionedSave';

/** CSAT and NPS have their own scales; only a CES survey chooses one (the form's values). */
const FIXED_SCALES: Record<string, { scale_min: number; scale_max: number; high_is_good: boolean }> = {
  csat: { scale_min: 1, scale_max: 5, high_is_good: true },
  nps: { scale_min: 0, scale_max: 10, high_is_good: true },
};

function valuesOf(s: Survey | null) {
  const text = (n: number | null | undefined, fallback: string) => (n === null || n === undefined ? fallback : String(n));
  return {
    name: s?.name ?? '',
    type: s?.type ?? 'csat',
    question: s?.question ?? '',
    // a new survey's scale fields start at the CES default (1-7, high is effort)
    scale_min: text(s?.scale_min, '1'),
    scale_max: text(s?.scale_max, '7'),
    high_is_good: s?.high_is_good ? 'true' : '',
    low_label: s?.low_label ?? '',
    high_label: s?.high_label ?? '',
    comment_prompt: s?.comment_prompt ?? '',
    custom_questions: (s?.custom_questions ?? []).join('\n'),
    trigger_kind: s?.trigger_kind ?? 'case_resolved',
    case_types: (s?.case_types ?? []).join(','),
    delay_hours: text(s?.delay_hours, '24'),
    every_days: text(s?.every_days, '180'),
    cap_days: text(s?.cap_days, '30'),
    expires_days: text(s?.expires_days, '30'),
    follow_up_owner_id: text(s?.follow_up_owner_id, ''),
    active: s ? (s.active ? 'true' : '') : 'true',
  };
}
type SurveyValues = ReturnType<typeof valuesOf>;

function inputOf(v: SurveyValues): SurveyInput {
  const trigger = v.trigger_kind as SurveyInput['trigger_kind'];
  return {
    name: v.name.trim(),
    type: v.type as SurveyInput['type'],
    question: v.question.trim(),
    ...(FIXED_SCALES[v.type] ?? { scale_min: Number(v.scale_min), scale_max: Number(v.scale_max), high_is_good: v.high_is_good === 'true' }),
    low_label: blankToNull(v.low_label),
    high_label: blankToNull(v.high_label),
    comment_prompt: blankToNull(v.comment_prompt),
    custom_questions: v.custom_questions.split('\n').map((q) => q.trim()).filter(Boolean),
    trigger_kind: trigger,
    case_types: trigger === 'case_resolved' ? v.case_types.split(',').filter(Boolean) : [],
    delay_hours: Number(v.delay_hours),
    every_days: trigger === 'relationship' ? Number(v.every_days) : null,
    cap_days: Number(v.cap_days),
    expires_days: Number(v.expires_days),
    follow_up_owner_id: v.follow_up_owner_id ? Number(v.follow_up_owner_id) : null,
    active: v.active === 'true',
  };
}

function SurveyForm({ survey, onSaved }: { survey: Survey | null; onSaved: (s: Survey) => void }) {
  const users = useUsers();
  const form = useForm({
    initial: valuesOf(survey),
    required: ['name', 'type', 'question'],
    onSubmit: async (values) => {
      const body = inputOf(values);
      if (!survey) {
        onSaved(await createSurvey(body));
        return;
      }
      await saveAndShow({
        save: () => patchSurvey(survey, body),
        load: () => getSurvey(survey.id),
        show: onSaved,
        staleMessage: 'Someone else changed this survey meanwhile; their version is shown now. Make your change again.',
      });
    },
  });
  const v = form.values;
  return (
    <form class="form form-grid" aria-label="Survey" onSubmit={form.handleSubmit}>
      <Field form={form} name="name" label="Name" maxLength={200} wide />
      <Field form={form} name="type" label="Type" options={SURVEY_TYPES} />
      <Field form={form} name="question" label="Question" maxLength={500} wide />
      {v.type === 'ces' && (
        <>
          <Field form={form} name="scale_min" label="Lowest score" type="number" min={0} max={10} />
          <Field form={form} name="scale_max" label="Highest score" type="number" min={0} max={10} />
          <CheckboxField form={form} name="high_is_good" label="A high score is good (agreement: “the company made it easy”)" hint="Leave unticked for an effort question, where a high score is bad." />
        </>
      )}
      <Field form={form} name="low_label" label="Label of the lowest score" maxLength={100} />
      <Field form={form} name="high_label" label="Label of the highest score" maxLength={100} />
      <Field form={form} name="comment_prompt" label="Comment prompt" maxLength={500} wide hint="Leave empty to ask for no comment." />
      <Field form={form} name="custom_questions" label="Custom questions (one a line, at most five)" multiline wide hint="Free-text questions asked after the score." />
      <Field form={form} name="trigger_kind" label="Sent" options={SURVEY_TRIGGERS} wide />
      {v.trigger_kind === 'case_resolved' && (
        <>
          <CheckboxGroupField form={form} name="case_types" label="After resolved cases of these types" options={CASE_TYPES} hint="None ticked: every type." />
          <Field form={form} name="delay_hours" label="Delay after resolution (hours)" type="number" min={0} max={720} />
        </>
      )}
      {v.trigger_kind === 'relationship' && (
        <Field form={form} name="every_days" label="Ask each account every (days)" type="number" min={7} max={730} />
      )}
      <Field form={form} name="cap_days" label="Ask a contact at most once in (days)" type="number" min={0} max={365} hint="Any survey counts; invitations by hand ignore the cap." />
      <Field form={form} name="expires_days" label="Link valid for (days)" type="number" min={1} max={365} />
      <Field form={form} name="follow_up_owner_id" label="Follow-up owner when no account manager" emptyOption="Nobody"
        options={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: String(u.id), label: u.display_name }))} />
      <CheckboxField form={form} name="active" label="Active" />
      <FormFooter form={form} submitLabel={survey ? 'Save survey' : 'Create survey'} />
    </form>
  );
}

export function SurveyPage({ surveyId }: { surveyId: number | null }) {
  useDocumentTitle(surveyId ? `Survey ${surveyId}` : 'New survey');
  const survey = useAsync(() => (surveyId ? getSurvey(surveyId) : Promise.resolve(null)), [surveyId]);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const saved = (s: Survey) => {
    if (!surveyId) {
      navigate('/surveys', { query: { saved: String(s.id) } });
      return;
    }
    survey.setData(s);
    setSavedVersion(s.version);
  };
  return (
    <div class="page">
      <h1>{survey.data ? survey.data.name : 'New survey'}</h1>
      <p><a href="#/surveys">All surveys and invitations</a></p>
      <ErrorAlert error={survey.error} />
      {savedVersion !== null && savedVersion === survey.data?.version && <p class="notice" role="status">{`Saved (version ${savedVersion}).`}</p>}
      {!survey.loading && (
        <Panel title={surveyId ? 'Definition and trigger' : 'New survey'}>
          <SurveyForm key={survey.data?.version ?? 0} survey={survey.data ?? null} onSaved={saved} />
        </Panel>
      )}
    </div>
  );
}
