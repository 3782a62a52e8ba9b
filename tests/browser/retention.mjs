// Browser steps for retention (docs/RETENTION.md), run by run.mjs after its
// own: a CS manager finds an account that stopped ordering (made here through
// the API: five orders 20 days apart, the last 200 days ago) on the
// silent-attrition list, starts a win-back campaign for it from there and
// sees the campaign's targets; the account page shows its health with the
// reasons and the orders-trend chart; the demo's improvement initiative shows
// the check forgedesk measured. Screenshots 30–33.

import path from 'node:path';

const DAY_MS = 86_400_000;
const isoDay = (daysAgo) => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);

/** The steps, in the shape run.mjs runs them, against the server at base; signs in as csManager with password. */
export function retentionSteps(page, screenshot, { base, artifacts, csManager, password }) {
  const runId = Math.random().toString(36).slice(2, 8);
  const accountName = `Quietly Gone Hydraulics ${runId} Ltd`;
  const campaignName = `Win back ${runId}`;
  let accountId = 0;
  const heading = (name) => page.getByRole('heading', { level: 1, name });
  const nav = (name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

  /** A JSON request with the session's CSRF token, as the UI sends it. */
  const api = async (method, url, body) => {
    const session = await (await page.request.get(`${base}/api/v1/session`)).json();
    const r = await page.request.fetch(`${base}${url}`, { method, data: body, headers: { 'x-csrf-token': session.csrf_token } });
    if (!r.ok()) throw new Error(`${method} ${url} → ${r.status()} ${await r.text()}`);
    return r.json();
  };

  return [
    {
      name: 'a CS manager signs in and an account stops ordering without a word',
      critical: true,
      run: async () => {
        const signOut = page.getByRole('button', { name: 'Sign out' });
        if (await signOut.isVisible()) await signOut.click();
        await heading(/Sign in/).waitFor();
        await page.getByLabel('Username', { exact: true }).fill(csManager);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('button', { name: 'Sign out' }).waitFor();
        const account = await api('POST', '/api/v1/accounts', { name: accountName, status: 'active' });
        accountId = account.id;
        for (const [i, daysAgo] of [280, 260, 240, 220, 200].entries()) {
          await api('POST', '/api/v1/orders', {
            account_id: accountId,
            number: `SO-BT-${runId}-${i}`,
            ordered_on: isoDay(daysAgo),
            lines: [{ part_number: 'SK-63-200', quantity: 20, unit_price_minor: 4500 }],
          });
        }
      },
    },
    {
      name: 'the account appears on the silent-attrition list with its value at risk',
      run: async () => {
        await nav('Retention').click();
        await heading('Retention').waitFor();
        await page.getByLabel('Book figures').waitFor();
        const row = page.getByRole('table', { name: 'Silent attrition' }).getByRole('row').filter({ hasText: accountName });
        await row.waitFor();
        const text = await row.textContent();
        if (!/200 \(10×\)/.test(text)) throw new Error(`expected 200 days, ten times its 20-day interval: ${text}`);
        if (!text.includes('Never') || !text.includes('£16,425.00')) throw new Error(`expected never complained and £900 × 365 / 20 at risk: ${text}`);
        await screenshot('30-retention');
      },
    },
    {
      name: 'a win-back campaign is started from the silent-attrition list',
      run: async () => {
        await page.getByLabel(`Select ${accountName}`).check();
        await page.getByRole('button', { name: 'Start campaign', exact: true }).click();
        const form = page.getByRole('form', { name: 'New campaign' });
        await form.getByLabel('Campaign name').fill(campaignName);
        await form.getByRole('button', { name: 'Start campaign for 1 account' }).click();
        await heading(campaignName).waitFor();
        await page.getByRole('table', { name: 'Targeted accounts' }).getByRole('row').filter({ hasText: accountName }).waitFor();
        const outcome = await page.getByLabel('Campaign outcome').textContent();
        if (!/0 of 1 accounts ordered again/.test(outcome)) throw new Error(`unexpected outcome: ${outcome}`);
        await screenshot('31-campaign');
        const tasks = await (await page.request.get(`${base}/api/v1/tasks?account_id=${accountId}&kind=win_back`)).json();
        if (tasks.items.length !== 1) throw new Error(`expected one win-back task for the account, got ${tasks.items.length}`);
      },
    },
    {
      name: "the account page shows its health with the reasons and its orders trend",
      run: async () => {
        await page.goto(`${base}/#/accounts/${accountId}`);
        await heading(accountName).waitFor();
        const panel = page.getByRole('region', { name: 'Health and orders' });
        await panel.getByRole('list', { name: 'Health score reasons' }).waitFor();
        const reasons = await panel.getByRole('list', { name: 'Health score reasons' }).textContent();
        if (!reasons.includes('Surveys: left out')) throw new Error(`surveys should be left out: ${reasons}`);
        if (!(await panel.textContent()).includes('Silent attrition')) throw new Error('no silent-attrition notice on the account');
        await panel.locator('.chart canvas').first().waitFor();
        await page.waitForTimeout(1000); // the chart's animation
        await panel.screenshot({ path: path.join(artifacts, '32-account-health.png') });
      },
    },
    {
      name: "the demo's improvement initiative shows the check forgedesk measured",
      run: async () => {
        await page.goto(`${base}/#/retention/improvements`);
        await heading('Improvements').waitFor();
        await page.getByRole('link', { name: 'Fewer material complaints on seal kits' }).click();
        await heading('Fewer material complaints on seal kits').waitFor();
        const check = await page.getByLabel('Check result').textContent();
        if (!/before .* after .*Measured by forgedesk/.test(check)) throw new Error(`unexpected check: ${check}`);
        await screenshot('33-improvement');
      },
    },
  ];
}
