// Browser steps for data protection (docs/PRIVACY.md), run by run.mjs after
// the others: the administrator opens the Data protection page and sees each
// retention period with what is due; exports everything held about a contact
// (made here through the API, with a case naming them) and gets a JSON file
// and a page to download; erases the contact after typing the confirmation,
// and the contact's record shows them erased. HR sees the periods and the
// staff export but not the contact export or erasure. Screenshots privacy-01..03.

/** The steps, in the shape run.mjs runs them. */
export function privacySteps({ page, screenshot, baseUrl, signInAs }) {
  const runId = Math.random().toString(36).slice(2, 8);
  const name = `Petra Vogel ${runId}`;
  let contactId = 0;
  const heading = (text) => page.getByRole('heading', { level: 1, name: text });
  const nav = (text) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: text, exact: true });
  const signInFresh = async (username) => {
    const signOut = page.getByRole('button', { name: 'Sign out' });
    if (await signOut.isVisible()) await signOut.click();
    await heading(/Sign in/).waitFor();
    await signInAs(username);
  };
  const api = async (method, url, body) => {
    const session = await (await page.request.get(`${baseUrl}/api/v1/session`)).json();
    const r = await page.request.fetch(`${baseUrl}${url}`, { method, data: body, headers: { 'x-csrf-token': session.csrf_token } });
    if (!r.ok()) throw new Error(`${method} ${url} → ${r.status()} ${await r.text()}`);
    return r.json();
  };

  return [
    {
      name: 'the administrator sees each retention period with what is due now',
      critical: true,
      run: async () => {
        await signInFresh('admin');
        const account = await api('POST', '/api/v1/accounts', { name: `Vogel Pumpen ${runId} GmbH`, status: 'active' });
        const contact = await api('POST', '/api/v1/contacts', { account_id: account.id, name, email: `petra.${runId}@example.de`, audience: 'commercial', lawful_basis: 'contract' });
        contactId = contact.id;
        await api('POST', '/api/v1/cases', { account_id: account.id, contact_id: contactId, type: 'enquiry', priority: 3, subject: `Seal kit for ${name}` });
        await nav('Data protection').click();
        await heading('Data protection').waitFor();
        const table = page.getByRole('table', { name: 'Retention periods' });
        await table.getByRole('row', { name: /Ended sessions/ }).waitFor();
        if ((await table.getByRole('row').count()) !== 8) throw new Error('expected a header and seven kinds');
        await screenshot('privacy-01-retention');
      },
    },
    {
      name: 'the administrator exports everything held about a contact as JSON and a page',
      run: async () => {
        const form = page.getByRole('form', { name: 'Subject access: a contact' });
        await form.getByLabel('Contact number').fill(String(contactId));
        await form.getByRole('button', { name: 'Export' }).click();
        const status = page.getByRole('status').filter({ hasText: `Export of contact ${contactId}` });
        await status.waitFor();
        if (!/cases 1/.test(await status.textContent())) throw new Error(`the export lists no case: ${await status.textContent()}`);
        for (const link of ['Download JSON', 'Download page']) {
          const href = await page.getByRole('link', { name: link }).first().getAttribute('href');
          if (!href?.startsWith('blob:')) throw new Error(`${link} has no file: ${href}`);
        }
        await screenshot('privacy-02-export');
      },
    },
    {
      name: 'the administrator erases the contact after typing the confirmation',
      run: async () => {
        const form = page.getByRole('form', { name: 'Erase a contact' });
        await form.getByLabel('Contact number').fill(String(contactId));
        await form.getByLabel('Reason').fill(`Request by letter, ${runId}`);
        await form.getByLabel('Type ERASE to confirm').fill('no');
        await form.getByRole('button', { name: 'Erase' }).click();
        await form.getByText('Type ERASE to confirm.').waitFor();
        await form.getByLabel('Type ERASE to confirm').fill('ERASE');
        await form.getByRole('button', { name: 'Erase' }).click();
        await page.getByRole('status').filter({ hasText: `Contact ${contactId} erased` }).waitFor();
        await screenshot('privacy-03-erased');
        const contact = await api('GET', `/api/v1/contacts/${contactId}`);
        if (contact.name !== `Erased contact ${contactId}` || contact.email !== null) throw new Error(`not erased: ${JSON.stringify(contact)}`);
      },
    },
    {
      name: 'HR sees the periods and exports staff, but neither exports nor erases contacts',
      run: async () => {
        await signInFresh('rachel.hughes');
        await nav('Data protection').click();
        await heading('Data protection').waitFor();
        await page.getByRole('form', { name: 'Subject access: a member of staff' }).waitFor();
        for (const form of ['Subject access: a contact', 'Erase a contact']) {
          if ((await page.getByRole('form', { name: form }).count()) !== 0) throw new Error(`HR sees "${form}"`);
        }
        if ((await page.getByRole('button', { name: 'Apply now' }).count()) !== 0) throw new Error('HR may run retention');
      },
    },
  ];
}
