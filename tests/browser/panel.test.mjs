// The panel as its users see it, in real headless Chromium against the real stack
// (nginx -> resellermgr -> MariaDB). Run by CTest (label "browser"); screenshots of a list and a
// form are kept in the artifacts folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, artifacts, env, launch, logIn, panelUrl, selectRow, submit, unique } from './stack.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function newPage(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  return { context, page };
}

test('a browser opening /ispmgr gets the login page, with the security headers', async () => {
  const { context, page } = await newPage();
  const response = await page.goto(panelUrl);
  assert.equal(response.status(), 200);
  const headers = response.headers();
  assert.match(headers['content-type'], /^text\/html/);
  assert.match(headers['content-security-policy'], /default-src 'none'/);
  assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(headers['x-frame-options'], 'DENY');
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'same-origin');
  assert.ok(await page.isVisible('#login-form'));

  const name = unique('bw');  // a login of its own, so no other test's throttling is touched
  await api('reseller.edit', { sok: 'ok', name, passwd: 'reseller-pass-1' });
  await page.fill('#username', name);
  await page.fill('#password', 'wrong-password');
  await page.click('#login-form button[type=submit]');
  assert.match(await page.textContent('#error'), /Invalid username or password/);
  assert.equal(await page.inputValue('#username'), name, 'the name is kept');
  assert.equal(await page.inputValue('#password'), '', 'the password is not');
  await api('reseller.delete', { elid: name });
  await context.close();
});

test('another site\'s form cannot log the browser into someone else\'s account', async () => {
  const { context, page } = await newPage();
  const name = unique('bx');
  await api('reseller.edit', { sok: 'ok', name, passwd: 'attacker-pass-1' });
  // The attacker's page, on a site of its own, posts the attacker's login to the panel.
  await page.route('http://attacker.example/**', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<form id="f" method="post" action="${panelUrl}">
             <input name="func" value="auth"><input name="username" value="${name}">
             <input name="password" value="attacker-pass-1"></form>
           <script>document.getElementById('f').submit()</script>`,
  }));
  await page.goto('http://attacker.example/');
  await page.waitForURL(`${panelUrl}`);
  await page.goto(panelUrl);
  assert.ok(await page.isVisible('#login-form'), 'still logged out');
  assert.ok(!(await context.cookies()).some((c) => c.name === 'resellermgr_ses'));
  // The panel's own form, in the same browser, logs in.
  await logIn(page, name, 'attacker-pass-1');
  assert.ok((await context.cookies()).some((c) => c.name === 'resellermgr_ses'));
  await api('reseller.delete', { elid: name });
  await context.close();
});

test('choosing a template fills the limits, and the list says which template', async () => {
  const { context, page } = await newPage();
  const template = unique('bt');
  const name = unique('bt');
  await api('preset.edit', { sok: 'ok', name: template, limit_users: '7', limit_quota: '2048', limit_ssl: 'on' });
  await logIn(page);
  await page.goto(`${panelUrl}?func=reseller.edit`);
  await page.fill('#f-name', name);
  await page.fill('#f-passwd', 'reseller-pass-1');
  await page.fill('#f-confirm', 'reseller-pass-1');
  await page.selectOption('#f-preset', template);
  await page.click('a[data-page=page-limits]');
  assert.equal(await page.inputValue('#f-limit_users'), '7');
  assert.equal(await page.inputValue('#f-limit_quota'), '2048');
  assert.ok(await page.isChecked('#f-limit_ssl'));
  assert.ok(!(await page.isChecked('#f-limit_shell')));
  await page.fill('#f-limit_quota', '4096');  // the filled values stay editable
  await submit(page, '#submit', /func=reseller(&done=|$)/);
  await page.goto(`${panelUrl}?func=reseller&name=${name}`);
  const row = page.locator(`#list tr[data-key="${name}"]`);
  assert.equal(await row.locator('td[data-col=preset]').textContent(), template);
  assert.match(await row.locator('td[data-col=users]').textContent(), /0 \/ 7/);
  assert.match(await row.locator('td[data-col=quota]').textContent(), /0 MiB \/ 4 GiB/);
  await api('reseller.delete', { elid: name });
  await context.close();
});

test('row actions need a ticked row: disabled until one is, explained without the script', async () => {
  const name = unique('bs');
  await api('reseller.edit', { sok: 'ok', name, passwd: 'reseller-pass-1' });
  const { context, page } = await newPage();
  await logIn(page);
  await page.goto(`${panelUrl}?func=reseller&name=${name}`);
  assert.ok(await page.isDisabled('#tb-suspend'));
  assert.ok(await page.isDisabled('#tb-delete'));
  assert.ok(await page.isEnabled('#tb-new'));
  await selectRow(page, name);
  assert.ok(await page.isEnabled('#tb-suspend'));
  await context.close();

  const plain = await newPage({ javaScriptEnabled: false });
  await logIn(plain.page);
  await plain.page.goto(`${panelUrl}?func=reseller&name=${name}`);
  await plain.page.click('#tb-suspend');
  assert.match(await plain.page.textContent('#error'), /Select at least one reseller first/);
  await plain.context.close();
  await api('reseller.delete', { elid: name });
});

test('at phone width every page fits the screen and the menu folds behind a button', async () => {
  const { context, page } = await newPage({ viewport: { width: 390, height: 844 } });
  await logIn(page);
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  for (const func of ['reseller', 'reseller.edit', 'user', 'preset', 'audit', 'usrparam']) {
    await page.goto(`${panelUrl}?func=${func}`);
    assert.ok(await fits(), `${func} is no wider than the screen`);
  }
  await page.goto(`${panelUrl}?func=reseller`);
  assert.ok(await page.isHidden('#menu-user'), 'the menu is folded');
  await page.click('#menu-button');
  assert.ok(await page.isVisible('#menu-user'), 'the button opens it');
  await page.screenshot({ path: join(artifacts, 'phone-list.png'), fullPage: true });
  await page.goto(`${panelUrl}?func=reseller.edit`);
  const box = await page.locator('#f-name').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, 'inputs are not cut off');
  await page.screenshot({ path: join(artifacts, 'phone-form.png'), fullPage: true });
  await context.close();
});

test('admin runs a reseller from creation to deletion', async () => {
  const { context, page } = await newPage();
  const name = unique('br');
  await logIn(page);
  assert.ok(await page.isVisible('#menu-reseller'));
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'resellermgr_ses');
  assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
  assert.equal(session.sameSite, 'Lax');
  // The login form's token came with a cookie of its own, which no other site's page can send.
  const login = cookies.find((c) => c.name === 'resellermgr_login');
  assert.ok(login?.httpOnly, 'the login cookie is HttpOnly');
  assert.equal(login.sameSite, 'Strict');

  // Create, with limits on the second tab.
  await page.click('#menu-reseller');
  await page.click('#tb-new');
  await page.fill('#f-name', name);
  await page.fill('#f-passwd', 'reseller-pass-1');
  await page.fill('#f-confirm', 'reseller-pass-1');
  await page.fill('#f-fullname', 'Browser <b>Reseller</b>');
  await page.click('a[data-page=page-limits]');
  assert.ok(await page.isHidden('#page-main'), 'tabs: one page at a time');
  await page.fill('#f-limit_users', '3');
  await page.fill('#f-limit_quota', '1000');
  await page.check('#f-limit_shell');
  await page.screenshot({ path: join(artifacts, 'reseller-form.png'), fullPage: true });
  await submit(page, '#submit', /func=reseller(&done=|$)/);

  const row = page.locator(`#list tr[data-key="${name}"]`);
  assert.equal(await row.count(), 1, 'the new reseller is listed');
  assert.equal(await row.locator('td[data-col=fullname]').textContent(), 'Browser <b>Reseller</b>');
  assert.match(await row.locator('td[data-col=users]').textContent(), /0 \/ 3/);
  assert.equal(await row.locator('td[data-col=users] meter').getAttribute('max'), '3');
  await page.screenshot({ path: join(artifacts, 'reseller-list.png'), fullPage: true });

  // The limits were stored: the edit form shows them.
  await page.click(`#list tr[data-key="${name}"] td[data-col=name] a`);
  assert.equal(await page.inputValue('#f-limit_quota'), '1000');
  assert.ok(await page.isChecked('#f-limit_shell'));
  await page.click('#cancel');

  // Suspend (confirmed, with a reason) and resume from the toolbar. The confirmation counts the
  // licence the suspension stops.
  const licensed = `2001:db8:ff::${(Date.now() % 0xffff).toString(16)}`;
  const added = await api('license.edit', { sok: 'ok', ip: licensed, type: '1' }, `${name}:reseller-pass-1`);
  await selectRow(page, name);
  await page.click('#tb-suspend');
  await page.waitForSelector('#confirm-form');
  assert.match(await page.textContent('#confirm-form'), /They cannot log in until they are resumed/);
  assert.match(await page.textContent(`#reach-${name}-licenses`), /^1 licences valid now stop/);
  await page.fill('#f-reason', 'unpaid invoice');
  await submit(page, '#confirm-yes', /func=reseller&done=suspended&what=/);
  assert.match(await page.textContent('#notice'), new RegExp(`Suspended: ${name}`));
  const audit = await api('audit', { target: name });
  assert.ok(audit.elem.some((e) => e.outcome.$ === 'suspended' && /unpaid invoice/.test(e.params?.$ ?? '')),
            'the reason is in the audit log');
  assert.equal(await row.getAttribute('class'), 'suspended');
  assert.equal((await row.locator('td[data-col=active]').textContent()).trim(), 'off');
  await selectRow(page, name);
  await submit(page, '#tb-resume', /func=reseller(&done=|$)/);
  assert.equal((await row.locator('td[data-col=active]').textContent()).trim(), 'on');
  await api('license.delete', { elid: added.id.$ }, `${name}:reseller-pass-1`);
  // ... and with the row's on/off toggle (suspending asks first).
  await page.click(`#toggle-${name}`);
  await page.waitForSelector('#confirm-form');
  await submit(page, '#confirm-yes', /func=reseller(&done=|$)/);
  assert.equal((await row.locator('td[data-col=active]').textContent()).trim(), 'off');
  await submit(page, `#toggle-${name}`, /func=reseller(&done=|$)/);
  assert.equal((await row.locator('td[data-col=active]').textContent()).trim(), 'on');

  // Log in as the reseller: the banner names it and the chain.
  await selectRow(page, name);
  await submit(page, '#tb-su', /\/ispmgr$/);
  assert.match(await page.textContent('#su-banner'), new RegExp(`You are acting as\\s*${name}`));
  assert.deepEqual(await page.locator('#su-banner ol.chain li').allTextContents(), [env.ADMIN_LOGIN, name]);
  assert.equal(await page.locator('#menu-reseller').count(), 0, 'a reseller has no reseller list');

  // A user within the limits, then one past them: a readable error, values kept.
  const user = unique('bu');
  await page.click('#menu-user');
  await page.click('#tb-new');
  await page.fill('#f-name', user);
  await page.fill('#f-passwd', 'user-pass-123');
  await page.fill('#f-confirm', 'user-pass-123');
  await page.click('a[data-page=page-limits]');
  await page.fill('#f-limit_quota', '600');
  await submit(page, '#submit', /func=user(&done=|$)/);
  assert.equal(await page.locator(`#list tr[data-key="${user}"]`).count(), 1);

  const greedy = unique('bg');
  await page.click('#tb-new');
  await page.fill('#f-name', greedy);
  await page.fill('#f-passwd', 'user-pass-123');
  await page.fill('#f-confirm', 'user-pass-123');
  await page.fill('#f-email', 'greedy@example.com');
  await page.click('a[data-page=page-limits]');
  await page.fill('#f-limit_quota', '600');
  await page.click('#submit');
  const error = await page.textContent('#error-limit_quota');
  assert.match(error, /600 MiB asked, 400 MiB left \(600 MiB of 1000 MiB given out\)/);
  assert.ok(await page.isVisible('#f-limit_quota'), 'the tab with the rejected field is open');
  assert.equal(await page.inputValue('#f-name'), greedy, 'typed values are kept');
  assert.equal(await page.inputValue('#f-email'), 'greedy@example.com');
  assert.equal(await page.inputValue('#f-passwd'), '', 'a password is never sent back');

  // Back to the admin level.
  await submit(page, '#su-back', /\/ispmgr$/);
  assert.equal(await page.locator('#su-banner').count(), 0);
  assert.equal(await page.textContent('#current-login'), env.ADMIN_LOGIN);

  // A message to the reseller lands in its support center.
  await page.click('#menu-reseller');
  await selectRow(page, name);
  await page.click('#tb-message');
  await page.fill('#f-subject', 'Planned maintenance');
  await page.selectOption('#f-priority', 'high');
  await page.fill('#f-text', 'Tonight at 02:00 UTC.');
  await submit(page, '#submit', /func=reseller(&done=|$)/);
  const tickets = await api('ticket', {}, `${name}:reseller-pass-1`);
  assert.ok(tickets.elem.some((t) => t.subject.$ === 'Planned maintenance' && t.priority.$ === 'high'));

  // Delete, after a confirmation page; it still has a user, so the cascade option is needed.
  await selectRow(page, name);
  await page.click('#tb-delete');
  assert.match(await page.textContent('#confirm-form'), new RegExp(name));
  await page.click('#confirm-yes');
  assert.match(await page.textContent('#error'), /still has users/);
  assert.equal(await row.count(), 1, 'nothing was deleted');
  await selectRow(page, name);
  await page.click('#tb-delete');
  await page.check('#f-cascade');
  await submit(page, '#confirm-yes', /func=reseller(&done=|$)/);
  assert.equal(await row.count(), 0, 'the reseller is gone');
  await context.close();
});

test('a change without the CSRF token, or by GET, is refused', async () => {
  const { context, page } = await newPage();
  const name = unique('bc');
  await api('reseller.edit', { sok: 'ok', name, passwd: 'reseller-pass-1' });
  await logIn(page);
  // page.request shares the browser's cookies, as a cross-site form post would.
  const forged = await page.request.post(panelUrl, { form: { func: 'reseller.suspend', elid: name, out: 'xml' } });
  assert.match(await forged.text(), /<error type="access" object="csrf"/);
  await page.goto(`${panelUrl}?func=reseller`);
  const csrf = await page.getAttribute('#list-form input[name=csrf]', 'value');
  const byGet = await page.request.get(`${panelUrl}?func=reseller.suspend&elid=${name}&csrf=${csrf}&out=xml`);
  assert.match(await byGet.text(), /<error type="access" object="csrf"/);
  const list = await api('reseller', { name });
  assert.equal(list.elem[0].active.$, 'on', 'nothing was suspended');
  await api('reseller.delete', { elid: name });
  await context.close();
});

test('every core flow works with JavaScript off', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  const name = unique('bn');
  await logIn(page);
  await page.goto(`${panelUrl}?func=reseller.edit`);
  assert.ok(await page.isVisible('#page-limits'), 'without JavaScript the pages are stacked');
  await page.fill('#f-name', name);
  await page.fill('#f-passwd', 'reseller-pass-1');
  await page.fill('#f-confirm', 'reseller-pass-1');
  await page.fill('#f-limit_users', '1');
  await submit(page, '#submit', /func=reseller(&done=|$)/);
  assert.equal(await page.locator(`#list tr[data-key="${name}"]`).count(), 1);
  await selectRow(page, name);
  await submit(page, '#tb-su', /\/ispmgr$/);
  assert.ok(await page.isVisible('#su-banner'));
  await submit(page, '#su-back', /\/ispmgr$/);
  await page.goto(`${panelUrl}?func=reseller`);
  await selectRow(page, name);
  await page.click('#tb-delete');
  await submit(page, '#confirm-yes', /func=reseller(&done=|$)/);
  assert.equal(await page.locator(`#list tr[data-key="${name}"]`).count(), 0);
  await submit(page, '#logout', /\/ispmgr$/);
  assert.ok(await page.isVisible('#login-form'), 'logged out');
  await context.close();
});

test('the language is chosen per login and kept', async () => {
  const { context, page } = await newPage();
  const name = unique('bl');
  await api('reseller.edit', { sok: 'ok', name, passwd: 'reseller-pass-1' });
  await logIn(page, name, 'reseller-pass-1');
  await submit(page, '.lang-switch button[value=ru]', /\/ispmgr$/);
  assert.equal(await page.textContent('#menu-user'), 'Пользователи');
  await page.click('#menu-user');
  assert.equal(await page.textContent('#tb-new'), 'Создать');
  // A new session of the same login speaks Russian too.
  const other = await newPage();
  await logIn(other.page, name, 'reseller-pass-1');
  assert.equal(await other.page.textContent('#menu-user'), 'Пользователи');
  await other.context.close();
  await api('reseller.delete', { elid: name });
  await context.close();
});

test('a login flagged to change its password gets the password page first', async () => {
  const { context, page } = await newPage();
  const name = unique('bp');
  await api('reseller.edit', { sok: 'ok', name, passwd: 'first-pass-123', force_password_change: 'on' });
  await logIn(page, name, 'first-pass-123');
  await page.waitForURL(/func=usrparam$/);
  assert.ok(await page.isVisible('#must-change'));
  await page.goto(`${panelUrl}?func=user`);
  await page.waitForURL(/func=usrparam$/);  // nothing else until it is changed
  await page.fill('#f-oldpasswd', 'first-pass-123');
  await page.fill('#f-passwd', 'second-pass-123');
  await page.fill('#f-confirm', 'second-pass-123');
  await submit(page, '#submit', /\/ispmgr(\?done=password|$)/);
  assert.match(await page.textContent('#notice'), /Your password is changed/);
  await page.click('#menu-user');
  assert.ok(await page.isVisible('#list'));
  await api('reseller.delete', { elid: name });
  await context.close();
});

test('lists page, sort and filter; group actions take every ticked row; nested su shows the chain', async () => {
  const { context, page } = await newPage();
  const r = unique('bs');
  await api('reseller.edit', { sok: 'ok', name: r, passwd: 'reseller-pass-1' });
  for (const n of [0, 1, 2]) {
    await api('user.edit', { sok: 'ok', name: `${r}u${n}`, passwd: 'user-pass-123', su: r });
  }
  await logIn(page);

  // The filter form narrows the list; paging and sorting keep the filter.
  await page.goto(`${panelUrl}?func=user&p_cnt=2`);
  await page.fill('#filter-form input[name=name]', `${r}u`);  // not its own client account, r-own
  await submit(page, '#filter-form button[type=submit]', /name=/);
  const keys = () => page.locator('#list tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.key));
  assert.deepEqual(await keys(), [`${r}u0`, `${r}u1`, `${r}u2`]);
  await page.goto(`${panelUrl}?func=user&p_cnt=2&name=${r}u`);
  assert.deepEqual(await keys(), [`${r}u0`, `${r}u1`]);
  assert.equal(await page.textContent('#total'), '3');
  await page.click('a[rel=next]');
  assert.deepEqual(await keys(), [`${r}u2`]);
  await page.click('th a:text("Name")');  // was ascending: now descending, filter kept
  assert.match(page.url(), /p_order=desc/);
  assert.deepEqual(await keys(), [`${r}u2`, `${r}u1`]);

  // One group action over two ticked rows.
  await page.goto(`${panelUrl}?func=user&name=${r}u`);
  await selectRow(page, `${r}u0`);
  await selectRow(page, `${r}u1`);
  await page.click('#tb-suspend');
  await page.waitForSelector('#confirm-form');
  await submit(page, '#confirm-yes', /func=user(&done=|$)/);
  await page.goto(`${panelUrl}?func=user&name=${r}u`);
  const active = (n) => page.textContent(`#list tr[data-key="${r}u${n}"] td[data-col=active]`);
  assert.deepEqual([(await active(0)).trim(), (await active(1)).trim(), (await active(2)).trim()],
                   ['off', 'off', 'on']);
  // "Select all" (JavaScript) ticks every row.
  await page.check('input.select-all');
  assert.equal(await page.locator('#list tbody input[name=elid]:checked').count(), 3);

  // admin -> reseller -> its user: the banner shows the whole chain; each return pops one.
  await page.goto(`${panelUrl}?func=reseller&name=${r}`);
  await selectRow(page, r);
  await submit(page, '#tb-su', /\/ispmgr$/);
  await page.click('#menu-user');
  await selectRow(page, `${r}u2`);
  await submit(page, '#tb-su', /\/ispmgr$/);
  assert.deepEqual(await page.locator('#su-banner ol.chain li').allTextContents(),
                   [env.ADMIN_LOGIN, r, `${r}u2`]);
  assert.equal(await page.locator('#menu-user').count(), 0, 'a user has no user list');
  await submit(page, '#su-back', /\/ispmgr$/);
  assert.deepEqual(await page.locator('#su-banner ol.chain li').allTextContents(), [env.ADMIN_LOGIN, r]);
  await submit(page, '#su-back', /\/ispmgr$/);
  assert.equal(await page.locator('#su-banner').count(), 0);

  await api('reseller.delete', { elid: r, cascade: 'on' });
  await context.close();
});

test('a reseller reads, answers and closes the admin\'s message; the admin sees the thread', async () => {
  const r = unique('bt');
  await api('reseller.edit', { sok: 'ok', name: r, passwd: 'reseller-pass-1' });
  const sent = await api('reseller.message', {
    sok: 'ok', elid: r, subject: 'Invoice overdue', text: 'Please pay by Friday.', priority: 'high',
  });
  const id = sent.id.$;

  const { context, page } = await newPage();
  await logIn(page, r, 'reseller-pass-1');
  await page.click('#menu-ticket');
  const row = page.locator(`#list tr[data-key="${id}"]`);
  assert.equal(await row.locator('td[data-col=subject]').textContent(), 'Invoice overdue');
  await row.locator('td[data-col=id] a').click();
  assert.deepEqual(await page.locator('#thread .message .text').allTextContents(), ['Please pay by Friday.']);
  await page.fill('#f-text', 'Paid today, thanks.');
  await submit(page, '#submit', new RegExp(`func=ticket\\.edit&elid=${id}&done=answered&what=${id}$`));
  assert.match(await page.textContent('#notice'), new RegExp(`Your answer is added to ticket ${id}`));
  assert.deepEqual(await page.locator('#thread .message .text').allTextContents(),
                   ['Please pay by Friday.', 'Paid today, thanks.']);
  await page.click('#menu-ticket');
  await selectRow(page, id);
  await submit(page, '#tb-close', /func=ticket(&done=closed&what=\d+)?$/);
  assert.equal((await row.locator('td[data-col=status]').textContent()).trim(), 'closed');

  const admin = await newPage();
  await logIn(admin.page);
  await admin.page.goto(`${panelUrl}?func=ticket.edit&elid=${id}`);
  assert.deepEqual(await admin.page.locator('#thread .message header strong').allTextContents(), [env.ADMIN_LOGIN, r]);
  await admin.context.close();
  await api('reseller.delete', { elid: r });
  await context.close();
});
