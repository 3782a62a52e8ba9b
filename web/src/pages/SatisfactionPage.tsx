// The satisfaction dashboard: CSAT, NPS and CES over time as charts (one
// per type, each on its own scale), a table of every figure with its answer
// count beside it and small samples marked, grouped as chosen (month, team,
// agent, account, case type, product, survey), the response rate, and the
// themes of qualitative feedback counted per month beside the scores.
// Filters live in the URL.

import { useId, useMemo } from 'preact/hooks';
import { Badge } from '../components/Badge';
import { Chart, type ChartOption } from '../components/Chart';
import { SelectOptions } from '../components/Field';
import { Panel } from '../components/Panel';
import { monthStartIsoDate, todayIsoDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { labelFor } from '../records';
import { navigate } from '../router';
import { formatFigure, getFeedbackThemes, getSatisfactionReport, SATISFACTION_GROUPINGS, SURVEY_TYPES, type SatisfactionReport, type ThemeCount } from '../surveys';

function trendOption(report: SatisfactionReport, type: string): ChartOption | null {
  const months = report.groups.map((group) => group.label ?? '');
  const figures = report.groups.map((group) => group.figures.find((figure) => figure.survey_type === type) ?? null);
  if (figures.every((figure) => figure === null)) return null;
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['Score', 'Answers'] },
    xAxis: { type: 'category', data: months },
    yAxis: [{ type: 'value', name: type === 'ces' ? 'mean' : type === 'nps' ? 'NPS' : '% satisfied' }, { type: 'value', name: 'answers' }],
    series: [
      { name: 'Score', type: 'line', data: figures.map((figure) => (figure?.value === null || figure === null ? null : Number(figure.value.toFixed(2)))) },
      { name: 'Answers', type: 'bar', yAxisIndex: 1, data: figures.map((figure) => figure?.answers ?? 0), barMaxWidth: 24 },
    ],
  };
}

function themeTable(themes: ThemeCount[]) {
  const months = [...new Set(themes.map((t) => t.month))].sort();
  const names = [...new Set(themes.map((t) => t.theme))].sort();
  const count = (month: string, theme: string) => themes.find((t) => t.month === month && t.theme === theme)?.count ?? 0;
  return { months, names, count };
}

export function SatisfactionPage({ query }: { query: URLSearchParams }) {
  useDocumentTitle('Satisfaction');
  const chosen = {
    group_by: query.get('group_by') ?? 'month',
    from: query.get('from') ?? monthStartIsoDate(23),
    to: query.get('to') ?? todayIsoDate(),
    survey_type: query.get('survey_type') ?? '',
  };
  const show = (changes: Partial<typeof chosen>) => navigate('/satisfaction', { query: { ...chosen, ...changes }, replace: true });
  const report = useAsync(() => getSatisfactionReport(chosen), [chosen.group_by, chosen.from, chosen.to, chosen.survey_type]);
  const themes = useAsync(() => getFeedbackThemes(chosen.from, chosen.to), [chosen.from, chosen.to]);
  const ids = { group: useId(), type: useId(), from: useId(), to: useId() };
  const charts = useMemo(
    () => (report.data && report.data.group_by === 'month' ? SURVEY_TYPES.map((t) => ({ type: t, option: trendOption(report.data!, t.value) })) : []),
    [report.data],
  );
  const table = themes.data ? themeTable(themes.data.themes) : null;

  return (
    <div class="page">
      <h1>Satisfaction</h1>
      <form class="filter-bar" role="search" aria-label="Filter the satisfaction report" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for={ids.group}>Group by</label>
          <select id={ids.group} value={chosen.group_by} onInput={(event) => show({ group_by: event.currentTarget.value })}>
            <SelectOptions options={SATISFACTION_GROUPINGS} />
          </select>
        </div>
        <div class="field">
          <label for={ids.type}>Survey type</label>
          <select id={ids.type} value={chosen.survey_type} onInput={(event) => show({ survey_type: event.currentTarget.value })}>
            <SelectOptions options={SURVEY_TYPES} emptyOption="All types" />
          </select>
        </div>
        <div class="field">
          <label for={ids.from}>From</label>
          <input id={ids.from} type="date" value={chosen.from} onChange={(event) => show({ from: event.currentTarget.value })} />
        </div>
        <div class="field">
          <label for={ids.to}>To</label>
          <input id={ids.to} type="date" value={chosen.to} onChange={(event) => show({ to: event.currentTarget.value })} />
        </div>
      </form>
      {report.error && <p role="alert">{report.error.message}</p>}
      {charts.map(
        ({ type, option }) =>
          option && (
            <Panel key={type.value} title={`${type.label} per month`}>
              <Chart option={option} label={`${type.label} per month with the number of answers`} height="16rem" />
            </Panel>
          ),
      )}
      {report.data && (
        <Panel title="Figures">
          <div class="table-scroll">
            <table class="data-table" aria-label="Satisfaction figures">
              <thead>
                <tr>
                  <th>{labelFor(SATISFACTION_GROUPINGS, report.data.group_by)}</th>
                  <th>Type</th>
                  <th class="numeric">Score</th>
                  <th class="numeric">Answers</th>
                  <th class="numeric">Response rate</th>
                </tr>
              </thead>
              <tbody>
                {report.data.groups.flatMap((group) =>
                  group.figures.map((figure, index) => (
                    <tr key={`${String(group.key)}-${figure.survey_type}-${figure.scale.min}-${figure.scale.max}`}>
                      <td>{index === 0 ? group.label ?? 'None' : ''}</td>
                      <td>{labelFor(SURVEY_TYPES, figure.survey_type)}</td>
                      <td class="numeric">{formatFigure(figure)}</td>
                      <td class="numeric">
                        {figure.answers}
                        {figure.small_sample && <Badge tone="warning">Small sample</Badge>}
                      </td>
                      <td class="numeric">{index === 0 && group.response_rate !== null ? `${group.response_rate.toFixed(0)}% of ${group.invited}` : ''}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
          <p class="muted small">{`Small sample: fewer than ${report.data.small_sample_below} answers. CSAT is the share of 4s and 5s; NPS is % promoters (9-10) minus % detractors (0-6); CES is the mean score on its own scale.`}</p>
        </Panel>
      )}
      {table && table.months.length > 0 && (
        <Panel title="Feedback themes per month">
          <div class="table-scroll">
            <table class="data-table" aria-label="Feedback themes per month">
              <thead>
                <tr>
                  <th>Theme</th>
                  {table.months.map((month) => <th key={month} class="numeric">{month}</th>)}
                </tr>
              </thead>
              <tbody>
                {table.names.map((name) => (
                  <tr key={name}>
                    <td>{name}</td>
                    {table.months.map((month) => <td key={month} class="numeric">{table.count(month, name)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}
    </div>
  );
}
