// A login's sessions in the panel (issue 27), in real headless Chromium against the real stack:
// the owner signed in from two browsers sees both, marked, and "Log out everywhere else" ends
// the other one on its next request while this one goes on; the recent logins page shows the
// wrong password tried before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, artifacts, launch, logIn, panelUrl, submit, unique } from './stack.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function newPage(userAgent) {
  const context = await browser.newContext({ locale: 'en-US', userAgent });
  const page = await context.newPage();
  page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  return { context, page };
}

test('log out everywhere else ends the other browser and keeps this one', async () => {
  const owner = unique('so');
  await api('reseller.edit', { sok: 'ok', name: owner, passwd: 'owner-pass-12' });
  const away = await newPage('Away-Browser/1.0');
  await logIn(away.page, owner, 'owner-pass-12');
  const here = await newPage('Here-Browser/2.0');
  // A wrong password first, then the right one.
  await here.page.goto(panelUrl);
  await here.page.fill('#username', owner);
  await here.page.fill('#password', 'not-the-password');
  await Promise.all([here.page.waitForNavigation(), here.page.click('#login-form button[type=submit]')]);
  await logIn(here.page, owner, 'owner-pass-12');

  await here.page.click('[id="menu-session"]');
  const rows = here.page.locator('#list tbody tr');
  assert.equal(await rows.count(), 2);
  const mine = here.page.locator('#list tbody tr', { hasText: 'Here-Browser/2.0' });
  assert.equal(await mine.locator('td[data-col=current]').textContent(), 'yes');
  const theirs = here.page.locator('#list tbody tr', { hasText: 'Away-Browser/1.0' });
  assert.equal(await theirs.locator('td[data-col=current]').textContent(), 'no');
  await here.page.screenshot({ path: join(artifacts, 'sessions.png'), fullPage: true });

  await here.page.click('#tb-delete_others');
  await submit(here.page, '#submit', /func=session(&|$)/);
  assert.equal(await here.page.locator('#list tbody tr').count(), 1);
  assert.equal(await here.page.locator('#list tbody tr td[data-col=client]').textContent(),
    'Here-Browser/2.0');

  // The other browser is at the login form on its next request.
  await away.page.goto(`${panelUrl}?func=user`);
  assert.ok(await away.page.isVisible('#login-form'));

  // Recent logins: the success, and the wrong password before it.
  await here.page.goto(`${panelUrl}?func=session.history`);
  const results = await here.page.locator('#list tbody td[data-col=result]').allTextContents();
  assert.ok(results.includes('logged in'), results.join(', '));
  assert.ok(results.includes('wrong password'), results.join(', '));
  await away.context.close();
  await here.context.close();
});

test('logging in as an account that asks for a reason asks for it, and the audit log keeps it', async () => {
  const reseller = unique('sr');
  await api('reseller.edit', { sok: 'ok', name: reseller, passwd: 'reason-pass-12' });
  await api('usrparam', { sok: 'ok', su_reason_required: 'on' }, `${reseller}:reason-pass-12`);
  const { context, page } = await newPage('Admin-Browser/1.0');
  await logIn(page);
  await page.goto(`${panelUrl}?func=reseller&name=${reseller}`);
  await page.check(`#list tr[data-key="${reseller}"] input[name=elid]`);
  await submit(page, '#tb-su', /\/ispmgr$/);
  // Not logged in as it yet: the confirmation asks why.
  assert.ok(await page.isVisible('#f-reason'));
  await page.fill('#f-reason', 'ticket 815: mail bounces');
  await submit(page, '#confirm-yes', /\/ispmgr/);
  assert.ok(await page.isVisible('[id="menu-user"]'));
  const audit = await api('audit', { actor: 'admin', target: reseller });
  const rows = [].concat(audit.elem ?? []);
  assert.ok(rows.some((row) => row.func?.$ === 'reseller.su' && row.params?.$.includes('reason=ticket 815: mail bounces')),
    JSON.stringify(rows));
  await context.close();
});

test('a company that asks for its consent approves a support-access request, then the reseller logs in as it', async () => {
  const reseller = unique('cr');
  const client = unique('cu');
  await api('reseller.edit', { sok: 'ok', name: reseller, passwd: 'consent-pass-12' });
  await api('user.edit', { sok: 'ok', name: client, passwd: 'client-pass-123' }, `${reseller}:consent-pass-12`);
  await api('usrparam', { sok: 'ok', su_consent_required: 'on' }, `${client}:client-pass-123`);

  // The reseller asks from its user list, with a reason.
  const support = await newPage('Support-Browser/1.0');
  await logIn(support.page, reseller, 'consent-pass-12');
  await support.page.goto(`${panelUrl}?func=user&name=${client}`);
  await support.page.check(`#list tr[data-key="${client}"] input[name=elid]`);
  await submit(support.page, '#tb-ask_access', /\/ispmgr/);
  assert.equal(await support.page.inputValue('#f-account'), client);
  await support.page.fill('#f-reason', 'ticket 77: the site shows a 500');
  await support.page.fill('#f-hours', '2');
  await submit(support.page, '#submit', /\/ispmgr/);

  // The client's owner sees it waiting, with the reason, and grants it for an hour.
  const owner = await newPage('Owner-Browser/1.0');
  await logIn(owner.page, client, 'client-pass-123');
  await Promise.all([owner.page.waitForNavigation(), owner.page.click('[id="menu-access"]')]);
  const row = owner.page.locator('#list tbody tr', { hasText: 'ticket 77: the site shows a 500' });
  assert.equal(await row.locator('td[data-col=state]').textContent(), 'waiting for an answer');
  assert.equal(await row.locator('td[data-col=grantee]').textContent(), reseller);
  await row.locator('input[name=elid]').check();
  await submit(owner.page, '#tb-grant', /\/ispmgr/);
  assert.equal(await owner.page.locator('#field-reason').textContent().then((t) => t.includes('ticket 77')), true);
  await owner.page.fill('#f-hours', '1');
  await submit(owner.page, '#submit', /func=access/);
  const granted = owner.page.locator('#list tbody tr', { hasText: 'ticket 77: the site shows a 500' });
  assert.equal(await granted.locator('td[data-col=state]').textContent(), 'granted');
  await owner.page.screenshot({ path: join(artifacts, 'support-access.png'), fullPage: true });

  // Now the reseller's "Log in as" works.
  await support.page.goto(`${panelUrl}?func=user&name=${client}`);
  await support.page.check(`#list tr[data-key="${client}"] input[name=elid]`);
  await submit(support.page, '#tb-su', /\/ispmgr/);
  const who = await api('access', {}, `${client}:client-pass-123`);
  const grants = [].concat(who.elem ?? []);
  assert.ok(grants.some((g) => g.state?.$ === 'granted' && Number(g.uses?.$) >= 1), JSON.stringify(grants));
  await support.context.close();
  await owner.context.close();
});
