// The account's installed assets.

import { listAssets } from '../endpoints';
import { formatDate } from '../format';
import { usePagedList } from '../hooks/usePagedList';
import type { Asset } from '../records';
import { DataTable, type Column } from './DataTable';
import { ListFooter } from './ListFooter';
import { Panel } from './Panel';

const COLUMNS: readonly Column<Asset>[] = [
  { header: 'Serial', cell: (asset) => asset.serial },
  { header: 'Model', cell: (asset) => asset.model },
  { header: 'Site', cell: (asset) => asset.site },
  { header: 'Installed', cell: (asset) => formatDate(asset.installed_on) },
];

export function AssetsPanel({ accountId }: { accountId: number }) {
  const assets = usePagedList((after) => listAssets(accountId, after), [accountId]);
  return (
    <Panel title="Installed assets">
      <DataTable caption="Installed assets" columns={COLUMNS} rows={assets.items} rowKey={(asset) => asset.id} />
      <ListFooter list={assets} emptyText="No assets recorded." />
    </Panel>
  );
}

