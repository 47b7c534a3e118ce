// The support desk in the panel (issue 27 item 5), in real headless Chromium against the real
// stack: a client attaches a screenshot to a new ticket, the reseller's support side answers
// with an internal note and a file, assigns the ticket and filters by it; the client's page
// shows the screenshot's download and neither the note nor its file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, artifacts, launch, logIn, panelUrl, selectRow, submit, unique } from './stack.mjs';

// The smallest real PNG (1x1).
const png = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360f8cf000000030101005e7a4d9d0000000049454e44ae426082', 'hex');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function page(login, password) {
  const context = await browser.newContext({ locale: 'en-US' });
  const p = await context.newPage();
  p.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  await logIn(p, login, password);
  return { context, page: p };
}

test('a note and its file stay with support; the client sees its own screenshot', async () => {
  const reseller = unique('sd');
  const client = unique('sdc');
  const staff = unique('sdt');
  await api('reseller.edit', { sok: 'ok', name: reseller, passwd: 'desk-pass-123' });
  const as = `${reseller}:desk-pass-123`;
  await api('vendor.edit', { sok: 'ok', support_by: 'reseller' }, as);
  await api('user.edit', { sok: 'ok', name: client, passwd: 'desk-pass-123' }, as);
  await api('login.edit', { sok: 'ok', name: staff, group: 'SUPPORT', passwd: 'desk-pass-123' }, as);

  // The client opens a ticket with a screenshot.
  const c = await page(client, 'desk-pass-123');
  await c.page.goto(`${panelUrl}?func=ticket.new`);
  await c.page.fill('#f-subject', 'The site shows an error');
  await c.page.fill('#f-text', 'Screenshot attached.');
  await c.page.setInputFiles('#f-attachment', { name: 'error.png', mimeType: 'image/png', buffer: png });
  await submit(c.page, '#submit', /func=ticket(&|$)/);
  const id = await c.page.locator('#list tbody tr', { hasText: 'The site shows an error' }).getAttribute('data-key');

  // Support writes a note with a file, then assigns the ticket to its staff login.
  const s = await page(reseller, 'desk-pass-123');
  await s.page.goto(`${panelUrl}?func=ticket.edit&elid=${id}`);
  assert.equal(await s.page.locator('#thread a.attachment').textContent(), 'error.png');
  await s.page.fill('#f-text', 'Old PHP version; upgrade offered before.');
  await s.page.check('#f-internal');
  await s.page.setInputFiles('#f-attachment', { name: 'plan.txt', mimeType: 'text/plain', buffer: Buffer.from('plan: basic\n') });
  await submit(s.page, '#submit', /func=ticket/);
  await s.page.goto(`${panelUrl}?func=ticket.edit&elid=${id}`);
  assert.equal(await s.page.locator('#thread .message.internal').count(), 1);
  assert.equal(await s.page.locator('#thread a.attachment').count(), 2);
  await s.page.screenshot({ path: join(artifacts, 'ticket-note.png'), fullPage: true });
  await s.page.goto(`${panelUrl}?func=ticket`);
  await selectRow(s.page, id);
  await submit(s.page, '#tb-assign', /\/ispmgr/);
  await s.page.selectOption('#f-assignee', staff);
  await submit(s.page, '#submit', /func=ticket(&|$)/);
  assert.equal(await s.page.locator(`#list tr[data-key="${id}"] td[data-col=assignee]`).textContent(), staff);
  await s.page.goto(`${panelUrl}?func=ticket.edit&elid=${id}`);
  assert.equal(await s.page.locator('#thread-assignee').textContent(), staff);
  assert.equal((await s.page.locator('#thread-waiting').textContent()).length, 19);
  await s.page.goto(`${panelUrl}?func=ticket&assignee=${staff}`);
  assert.equal(await s.page.locator('#list tbody tr').count(), 1);

  // The client: its screenshot downloads; no note, no note file.
  await c.page.goto(`${panelUrl}?func=ticket.edit&elid=${id}`);
  assert.equal(await c.page.locator('#thread .message.internal').count(), 0);
  assert.equal(await c.page.locator('#thread a.attachment').count(), 1);
  const [download] = await Promise.all([c.page.waitForEvent('download'), c.page.click('#thread a.attachment')]);
  assert.equal(download.suggestedFilename(), 'error.png');
  await c.context.close();
  await s.context.close();
});
