// Retention campaigns: the list, newest first, and one campaign with each
// targeted account's task and its orders in the days after the start
// against as many days before.

import { Breadcrumb, RecordPending } from '../components/RecordPending';
import { DataTable, type Column } from '../components/DataTable';
import { ListFooter } from '../components/ListFooter';
import { Panel } from '../components/Panel';
import { formatDate, formatMoney } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedList } from '../hooks/usePagedList';
import { CAMPAIGN_KINDS, getCampaign, labelOf, listCampaigns, type Campaign, type CampaignTarget } from '../retention';
import { href } from '../router';

const BACK = { label: 'Retention', path: '/retention' };

const COLUMNS: readonly Column<Campaign>[] = [
  { header: 'Campaign', cell: (c) => <a href={href(`/retention/campaigns/${c.id}`)}>{c.name}</a> },
  { header: 'Kind', cell: (c) => labelOf(CAMPAIGN_KINDS, c.kind) },
  { header: 'Started', cell: (c) => formatDate(c.started_on) },
  { header: 'Accounts', cell: (c) => c.accounts, align: 'numeric' },
  { header: 'Owner', cell: (c) => c.owner_name },
];

export function CampaignsPage() {
  useDocumentTitle('Campaigns');
  const campaigns = usePagedList(listCampaigns, []);
  return (
    <div class="page">
      <Breadcrumb {...BACK} />
      <h1>Campaigns</h1>
      <p class="page-subtitle">Start a campaign from the silent-attrition list on the Retention page.</p>
      <DataTable caption="Campaigns" columns={COLUMNS} rows={campaigns.items} rowKey={(c) => c.id} />
      <ListFooter list={campaigns} emptyText="No campaign has been started yet." />
    </div>
  );
}

const TARGET_COLUMNS: readonly Column<CampaignTarget>[] = [
  { header: 'Account', cell: (t) => <a href={href(`/accounts/${t.account_id}`)}>{t.account_name}</a> },
  { header: 'Task', cell: (t) => `${t.task_status}${t.task_outcome ? `: ${t.task_outcome}` : ''}` },
  { header: 'Orders before', cell: (t) => `${t.orders_before} (${formatMoney(t.value_before)})`, align: 'numeric' },
  { header: 'Orders after', cell: (t) => `${t.orders_after} (${formatMoney(t.value_after)})`, align: 'numeric' },
  { header: 'Ordered again', cell: (t) => (t.ordered_again ? 'Yes' : 'No') },
];

export function CampaignPage({ campaignId }: { campaignId: number }) {
  const campaign = useAsync(() => getCampaign(campaignId), [campaignId]);
  useDocumentTitle(campaign.data?.name ?? 'Campaign');
  if (!campaign.data) return <RecordPending back={BACK} loading={campaign.loading} error={campaign.error} missing="There is no such campaign." />;
  const c = campaign.data;
  const o = c.outcome;
  return (
    <div class="page">
      <Breadcrumb label="Campaigns" path="/retention/campaigns" />
      <h1>{c.name}</h1>
      <p class="page-subtitle">{`${labelOf(CAMPAIGN_KINDS, c.kind)} started ${formatDate(c.started_on)} by ${c.owner_name}; tasks due ${formatDate(c.due_on)}.`}</p>
      <Panel title="Outcome">
        <p aria-label="Campaign outcome">
          {`${o.ordered_again} of ${o.accounts} accounts ordered again in the ${o.days_compared} days after the start: ${o.orders_after} orders worth ${formatMoney(o.value_after_minor)}, against ${o.orders_before} orders worth ${formatMoney(o.value_before_minor)} in the ${o.days_compared} days before. ${o.tasks_done} of ${o.accounts} tasks done.`}
        </p>
        <DataTable caption="Targeted accounts" columns={TARGET_COLUMNS} rows={c.targets} rowKey={(t) => t.account_id} />
      </Panel>
    </div>
  );
}
