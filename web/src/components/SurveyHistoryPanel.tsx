// An account's survey answers, newest first: the score on its own scale,
// who answered and the comment; low scores marked.

import { formatDateTime } from '../format';
import { usePagedList } from '../hooks/usePagedList';
import { labelFor } from '../records';
import { listSurveyResponses, SURVEY_TYPES } from '../surveys';
import { Badge } from './Badge';
import { ListFooter } from './ListFooter';
import { Panel } from './Panel';

export function SurveyHistoryPanel({ accountId }: { accountId: number }) {
  const answers = usePagedList((after) => listSurveyResponses(accountId, after), [accountId]);
  return (
    <Panel title="Survey history">
      <ol class="timeline" aria-label="Survey history">
        {answers.items.map((answer) => (
          <li key={answer.id} class="timeline-item">
            <div class="timeline-meta">
              <span class="timeline-kind">{labelFor(SURVEY_TYPES, answer.survey_type)}</span>
              <time dateTime={answer.answered_at}>{formatDateTime(answer.answered_at)}</time>
            </div>
            <div class="timeline-title">
              {`${answer.score} on ${answer.scale_min}-${answer.scale_max} · ${answer.contact_name}`}
              {answer.low_score && <Badge tone="bad">Low</Badge>}
            </div>
            {answer.comment && <p class="timeline-summary">{answer.comment}</p>}
          </li>
        ))}
      </ol>
      <ListFooter list={answers} emptyText="No survey answers from this account yet." />
    </Panel>
  );
}
