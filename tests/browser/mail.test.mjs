// Mail templates and the welcome mail in the panel (issue 27 item 1), in real headless Chromium
// against the real stack: a branded reseller opens a template, "Preview" shows where a broken
// one breaks and keeps what was typed, a good one previews with made-up values and is saved as
// its own; then a client it creates through the form (welcome ticked by default) is mailed in
// that wording, read from the loopback SMTP server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, artifacts, env, launch, logIn, panelUrl, selectRow, submit, unique } from './stack.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The subject of the first message the SMTP server took for `to`, waiting up to 15 s.
async function subjectMailedTo(to) {
  for (let i = 0; i < 150; i += 1) {
    for (const file of readdirSync(env.SMTP_DIR).filter((f) => f.endsWith('.eml')).sort()) {
      const text = readFileSync(join(env.SMTP_DIR, file), 'utf8');
      if (!text.includes(`X-Envelope-To: ${to}\r\n`) && !text.includes(`X-Envelope-To: ${to}\n`)) continue;
      const word = /^Subject: =\?UTF-8\?B\?([^?]*)\?=/m.exec(text);
      return word ? Buffer.from(word[1], 'base64').toString('utf8') : '';
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

test('a reseller words its welcome mail with a preview, and its new client gets it', async () => {
  const reseller = unique('bm');
  const brand = `Brand ${reseller}`;
  await api('reseller.edit', { sok: 'ok', name: reseller, passwd: 'mail-pass-123' });
  await api('brand.edit', { sok: 'ok', elid: reseller, allowed: 'on' });
  await api('brand.edit', { sok: 'ok', brand_name: brand }, `${reseller}:mail-pass-123`);

  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  await logIn(page, reseller, 'mail-pass-123');
  await page.click('#menu-mail-template');
  const row = page.locator('#list tr[data-key="account.welcome:en"]');
  assert.equal(await row.locator('td[data-col=kind]').textContent(), 'Welcome (new account)');
  assert.equal(await row.locator('td[data-col=state]').textContent(), 'default');
  await selectRow(page, 'account.welcome:en');
  await submit(page, "#tb-edit", /\/ispmgr/);
  assert.match(await page.locator('#f-placeholders').textContent(), /__link__/);

  // A placeholder it does not have: the preview says where, and the text stays as typed.
  await page.fill('#f-subject', 'Welcome to __brand__, __login__');
  await page.fill('#f-body', 'Hello!\nYour panel: __panel__\nSet a password: __lnik__\n');
  await submit(page, '#show-preview', /\/ispmgr$/);
  assert.match(await page.locator('#f-preview_error').textContent(), /line 3, column 17: unknown placeholder __lnik__/);
  assert.match(await page.inputValue('#f-body'), /__lnik__/);

  await page.fill('#f-body', 'Hello!\nYour panel: __panel__\nSet a password: __link__\n');
  await submit(page, '#show-preview', /\/ispmgr$/);
  assert.equal(await page.isVisible('#f-preview_error'), false);
  assert.equal(await page.locator('#f-preview_subject').textContent(), `Welcome to ${brand}, client1`);
  // Shown again, the form still says which mail it is, and the long link stays on the page.
  assert.equal(await page.locator('#f-kind').textContent(), 'Welcome (new account)');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  assert.match(await page.locator('#f-preview_body').textContent(), /^Hello!\nYour panel: http.*\nSet a password: http.*token=/);
  await page.screenshot({ path: join(artifacts, 'mail-template-preview.png'), fullPage: true });
  await submit(page, '#submit', /func=mail\.template(&|$)/);
  assert.equal(await page.locator('#list tr[data-key="account.welcome:en"] td[data-col=state]').textContent(), 'your own');

  // A client made through the form: "Send a welcome mail" is ticked, no password needed.
  const client = unique('bmu');
  await page.goto(`${panelUrl}?func=user.edit`);
  assert.equal(await page.isChecked('#f-welcome'), true);
  await page.fill('#f-name', client);
  await page.fill('#f-email', `${client}@client.test`);
  await submit(page, '#submit', /func=user(&|$)/);
  assert.equal(await subjectMailedTo(`${client}@client.test`), `Welcome to ${brand}, ${client}`);
  await context.close();
});

test('a reseller writes to its users from the panel and follows the progress', async () => {
  const reseller = unique('bb');
  await api('reseller.edit', { sok: 'ok', name: reseller, passwd: 'cast-pass-123' });
  const as = `${reseller}:cast-pass-123`;
  const users = [unique('bbu'), unique('bbu')];
  for (const user of users) {
    await api('user.edit', { sok: 'ok', name: user, passwd: 'cast-pass-123', email: `${user}@cast.test` }, as);
  }
  await api('user.suspend', { elid: users[1] }, as);

  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  await logIn(page, reseller, 'cast-pass-123');
  await page.click('#menu-broadcast');
  await submit(page, '#tb-new', /\/ispmgr/);
  assert.equal(await page.locator('#f-recipients').textContent(), '2');
  await page.fill('#f-subject', `Maintenance ${reseller}`);
  await page.fill('#f-text', 'Tonight from 2:00 to 3:00 UTC.');
  await page.selectOption('#f-status', 'active');
  await submit(page, '#show-preview', /\/ispmgr$/);
  assert.equal(await page.locator('#f-recipients').textContent(), '1');
  assert.equal(await page.inputValue('#f-subject'), `Maintenance ${reseller}`);
  await submit(page, '#submit', /func=broadcast(&|$)/);
  assert.equal(await page.locator('#notice').textContent(), 'Broadcast started, reaching its users in the background. Recipients: 1');
  const row = page.locator('#list tbody tr', { hasText: `Maintenance ${reseller}` });
  assert.equal(await row.locator('td[data-col=total]').textContent(), '1');
  assert.equal(await row.locator('td[data-col=audience]').textContent(), 'status=active');
  // The background work reaches the user and the relay takes the mail.
  for (let i = 0; i < 60 && (await row.locator('td[data-col=mailed]').textContent()) !== '1'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await page.reload();
  }
  assert.equal(await row.locator('td[data-col=mailed]').textContent(), '1');
  assert.equal(await row.locator('td[data-col=state]').textContent(), 'done');
  await page.screenshot({ path: join(artifacts, 'broadcasts.png'), fullPage: true });
  assert.equal(await subjectMailedTo(`${users[0]}@cast.test`) !== null, true);
  await context.close();
});
