// An administrator works the admin site in a real browser (Debian's Chromium), against a
// pigeond started by tests/browser/run.sh with an empty store and no provider instance.
//
// Environment: PIGEON_URL (the site), PIGEON_ADMIN_PASSWORD (admin's first-start password),
// PIGEON_ARTIFACTS (screenshots), PIGEON_BROWSER_DEPS (where playwright-core is installed).
// The page contract this relies on is listed in docs/TESTING.md.

import { newDesktopPage, newPhonePage, runScenario } from './lib/browser.mjs';
import { eventually, expect, expectEqual, expectExcludes, expectIncludes } from './lib/expect.mjs';
import {
  labelled, button, link, pathOf, squash, visibleText, textOf, tagOf, expectPath, click, errorsShown, pollPage, logIn, logOut, postFormsCarryCsrf,
} from './lib/page.mjs';

const BASE_URL = process.env.PIGEON_URL;
const ADMIN_PASSWORD = process.env.PIGEON_ADMIN_PASSWORD;
if (!BASE_URL || !ADMIN_PASSWORD) {
  console.error('PIGEON_URL and PIGEON_ADMIN_PASSWORD must be set: run this through tests/browser/run.sh');
  process.exit(2);
}

const NUMBER = '+79123456789';
const MASKED_NUMBER = '+7912*****89';
const MESSAGE_TEXT = 'Hello from the browser test';
const OPERATOR = 'operator1';
const OPERATOR_PASSWORD = 'operator-password-1';
const SCRIPT_NAME = '<script>alert(1)</script>';
// The simulator's settings schema (docs/CONFIGURATION.md): one input each on the instance form.
const SIMULATOR_FIELDS = ['delay_ms', 'max_tps', 'temporary_failure_ratio', 'permanent_failure_ratio', 'balance', 'currency'];
const PHONE_WIDTH = 390;

async function expectNoInjectedScript(page, where) {
  const injected = await page.evaluate(() => [...document.scripts].some((s) => s.textContent.includes('alert(1)')));
  expect(!injected, `${where}: the user name was put into the page as a <script> element, not as text`);
}

// --- the scenario --------------------------------------------------------------------------------

await runScenario(async (t) => {
  const page = await newDesktopPage(t.browser, { baseURL: BASE_URL });
  t.page = page;
  let messageId;
  let phone;

  await t.step('a sign-in: / leads to /login, a wrong password is refused, admin lands on Overview', async () => {
    await page.goto('/');
    await expectPath(page, '/login', 'opening / without a session');
    await logIn(page, 'admin', 'not-the-admin-password');
    expectIncludes(await visibleText(page), 'Wrong user name or password', 'the page after a wrong password');
    await t.screenshot(page, 'wrong password');
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await expectPath(page, '/', 'after signing in as admin');
    expectEqual(squash(await page.locator('h1').first().textContent()), 'Overview', 'the <h1> of /');
  });

  await t.step('b providers: a simulator instance is refused with a bad delay_ms, then added and made default', async () => {
    await page.goto('/providers');
    await click(page, link(page, 'Add instance'));
    await expectPath(page, '/providers/new', 'after "Add instance"');
    const plugin = labelled(page, 'Plugin');
    expectEqual(await tagOf(plugin, '"Plugin"'), 'select', 'the control labelled "Plugin"');
    await plugin.selectOption('pigeon.provider.simulator');
    await click(page, button(page, 'Next'));

    expectEqual(await labelled(page, 'Instance name').count(), 1, 'inputs labelled "Instance name"');
    for (const name of SIMULATOR_FIELDS) {
      expectEqual(await labelled(page, name).count(), 1, `inputs labelled "${name}" (a field of the simulator's schema)`);
    }
    await labelled(page, 'Instance name').fill('sim1');
    await labelled(page, 'delay_ms').fill('abc');
    await click(page, button(page, 'Save instance'));
    expectIncludes((await errorsShown(page)).join('\n'), 'delay_ms', 'the .error texts after saving delay_ms = "abc"');
    await t.screenshot(page, 'delay_ms refused');

    const other = await page.context().newPage();
    await other.goto('/providers');
    expectEqual(await other.locator('tr[data-instance="sim1"]').count(), 0, 'rows for sim1 on /providers after the refused save');
    await other.close();

    await labelled(page, 'Instance name').fill('sim1');
    await labelled(page, 'delay_ms').fill('50');
    await labelled(page, 'balance').fill('100');
    await click(page, button(page, 'Save instance'));
    await expectPath(page, '/providers', 'after saving a valid instance');
    const row = page.locator('tr[data-instance="sim1"]');
    await pollPage(page, '/providers', 'sim1 is running', async () => {
      expectEqual(await textOf(row.locator('[data-col="state"]'), 'the state cell of sim1'), 'running', 'the state of sim1');
    });
    const fileRow = page.locator('tr[data-instance="filesim"]');
    expectEqual(await textOf(fileRow.locator('[data-col="default"]'), 'the default cell of filesim'), 'default', 'the default before the switch');
    await click(page, row.getByRole('button', { name: 'Make default', exact: true }));
    await pollPage(page, '/providers', 'sim1 is the default', async () => {
      expectEqual(await textOf(row.locator('[data-col="default"]'), 'the default cell of sim1'), 'default', 'the default cell of sim1');
    });
    expectEqual(await fileRow.getByRole('button', { name: 'Make default', exact: true }).count(), 1, '"Make default" buttons on filesim after the switch');
  });

  await t.step('b2 routes: a bad prefix is refused, then a route to sim1 is added, explained and deleted', async () => {
    await page.goto('/routes');
    await labelled(page, 'Name').fill('mobile');
    await labelled(page, 'Destination prefix').fill('+7912x');
    await labelled(page, 'Instances, in order').fill('sim1');
    await click(page, button(page, 'Add route'));
    expectIncludes((await errorsShown(page)).join('\n'), 'prefix', 'the .error texts after a prefix with a letter');
    expectEqual(await page.locator('tr[data-route]').count(), 0, 'routes after the refused save');
    expectEqual(await labelled(page, 'Name').inputValue(), 'mobile', '"Name" kept after the refused save');

    await labelled(page, 'Destination prefix').fill('+7912');
    await click(page, button(page, 'Add route'));
    await expectPath(page, '/routes', 'after "Add route"');
    const row = page.locator('tr[data-route="1"]');
    expectIncludes(await textOf(row, 'the row of route 1'), 'sim1: up', 'the row of route 1');

    await labelled(page, 'To').fill(NUMBER);
    await click(page, button(page, 'Explain'));
    expectIncludes(await textOf(page.locator('[data-explained]'), 'the explanation'), "route 1 'mobile'", 'the explanation');
    await t.screenshot(page, 'routes');

    page.once('dialog', (dialog) => dialog.accept());
    await click(page, row.getByRole('button', { name: 'Delete route 1', exact: true }));
    await expectPath(page, '/routes', 'after deleting route 1');
    expectEqual(await page.locator('tr[data-route]').count(), 0, 'routes after the delete');
  });

  await t.step('c messages: a preview shows encoding, parts and cost; the sent message is delivered', async () => {
    await page.goto('/messages/new');
    expectEqual(await tagOf(labelled(page, 'Provider'), '"Provider"'), 'select', 'the control labelled "Provider"');
    await labelled(page, 'To').fill(NUMBER);
    await labelled(page, 'Text').fill(MESSAGE_TEXT);
    await labelled(page, 'Provider').selectOption('sim1');
    await click(page, button(page, 'Preview'));
    await eventually('the preview', async () => {
      const preview = await textOf(page.locator('#preview'), '#preview');
      expectIncludes(preview, 'GSM-7', '#preview');
      expectIncludes(preview, /\b1 part\b/, '#preview');
      expectIncludes(preview, /cost/i, '#preview');
    }, { timeoutMs: 5_000 });
    expectEqual(await labelled(page, 'To').inputValue(), NUMBER, '"To" after Preview');
    expectEqual(await labelled(page, 'Text').inputValue(), MESSAGE_TEXT, '"Text" after Preview');
    await t.screenshot(page, 'preview');

    await click(page, button(page, 'Send'));
    await expectPath(page, /^\/messages\/\d+$/, 'after "Send"');
    messageId = pathOf(page).split('/').pop();
    await pollPage(page, `/messages/${messageId}`, `message ${messageId} is delivered`, async () => {
      expectEqual(await textOf(page.locator('[data-field="status"]'), '[data-field="status"]'), 'delivered', 'the status');
    }, 20_000);
    const timeline = (await page.locator('ol.timeline li').allTextContents()).map(squash);
    expect(timeline.length >= 3, `the timeline should have at least 3 entries, has ${timeline.length}: ${JSON.stringify(timeline)}`);
    for (const status of ['queued', 'submitted', 'delivered']) {
      expect(timeline.some((entry) => entry.includes(status)), `no timeline entry mentions "${status}": ${JSON.stringify(timeline)}`);
    }
  });

  await t.step('d users: an operator without view_personal_data and manage_providers is created', async () => {
    await page.goto('/users');
    await click(page, link(page, 'New user'));
    await expectPath(page, '/users/new', 'after "New user"');
    await labelled(page, 'User name').fill(OPERATOR);
    await labelled(page, 'Password').fill(OPERATOR_PASSWORD);
    expectEqual(await tagOf(labelled(page, 'Role'), '"Role"'), 'select', 'the control labelled "Role"');
    await labelled(page, 'Role').selectOption('operator');
    // view_bulk: the operator must see admin's message in step e (view_single alone shows only
    // the user's own messages, docs/API.md).
    const wanted = { view_personal_data: false, manage_providers: false, send_single: true, view_single: true, view_bulk: true };
    for (const [right, on] of Object.entries(wanted)) {
      const box = labelled(page, right);
      expectEqual(await box.count(), 1, `checkboxes labelled "${right}"`);
      await box.setChecked(on);
    }
    for (const [right, on] of Object.entries(wanted)) {
      expectEqual(await labelled(page, right).isChecked(), on, `checkbox "${right}" is checked`);
    }
    await t.screenshot(page, 'form');
    await click(page, button(page, 'Create user'));
    const errors = await errorsShown(page);
    expect(errors.length === 0, `creating ${OPERATOR} showed errors: ${JSON.stringify(errors)}`);
    await pollPage(page, '/users', `${OPERATOR} is listed`, async () => {
      expectEqual(await page.locator(`tr[data-user="${OPERATOR}"]`).count(), 1, `rows tr[data-user="${OPERATOR}"] on /users`);
    }, 5_000);
  });

  await t.step('e operator: numbers are masked, the text is hidden, /providers is forbidden', async () => {
    await logOut(page);
    await logIn(page, OPERATOR, OPERATOR_PASSWORD);
    await expectPath(page, '/', `after signing in as ${OPERATOR}`);
    await page.goto('/messages');
    expectIncludes(await visibleText(page), MASKED_NUMBER, `/messages seen by ${OPERATOR}`);
    const html = await page.content();
    expectExcludes(html, NUMBER.slice(1), `the HTML of /messages sent to ${OPERATOR} (the full number)`);
    expectExcludes(html, MESSAGE_TEXT, `the HTML of /messages sent to ${OPERATOR} (the message text)`);
    await t.screenshot(page, 'messages');
    const response = await page.goto('/providers');
    expectEqual(response.status(), 403, `status of /providers for ${OPERATOR}`);
    expectIncludes(await visibleText(page), 'manage_providers', `the 403 page of /providers`);
  });

  await t.step('f phone: every page in the nav fits 390 px without horizontal scroll', async () => {
    phone = await newPhonePage(t.browser, { baseURL: BASE_URL });
    t.page = phone;
    await logIn(phone, OPERATOR, OPERATOR_PASSWORD);
    await expectPath(phone, '/', `after signing in as ${OPERATOR} on a phone`);
    await checkPhonePages(t, phone);
  });

  await t.step('g admin again: the audit log names sim1 and operator1; settings has "Default region"', async () => {
    t.page = page;
    await phone.context().close();
    await logOut(page);
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await expectPath(page, '/', 'after signing in as admin again');
    await page.goto('/audit');
    const audit = await visibleText(page);
    expectIncludes(audit, 'sim1', '/audit');
    expectIncludes(audit, OPERATOR, '/audit');
    await t.screenshot(page, 'audit');
    const response = await page.goto('/settings');
    expectEqual(response.status(), 200, 'status of /settings');
    expectEqual(await labelled(page, 'Default region').count(), 1, 'inputs labelled "Default region" on /settings');
  });

  await t.step('g2 admin on a phone: every page of the full navigation fits 390 px', async () => {
    const adminPhone = await newPhonePage(t.browser, { baseURL: BASE_URL });
    t.page = adminPhone;
    await logIn(adminPhone, 'admin', ADMIN_PASSWORD);
    await expectPath(adminPhone, '/', 'after signing in as admin on a phone');
    await checkPhonePages(t, adminPhone);
    t.page = page;
    await adminPhone.context().close();
  });

  await t.step('g3 keywords: STOP is there out of the box; a rule is refused naming its setting, then added; the dry run says what a text would do', async () => {
    await page.goto('/keywords');
    expectIncludes(await textOf(page.locator('tr[data-rule="opt-out"]'), 'the opt-out row'), 'STOP', 'the opt-out row on /keywords');
    await labelled(page, 'Name').fill('balance');
    await labelled(page, 'Handler').selectOption('pigeon.keyword.selfservice');
    await labelled(page, 'Keywords').fill('BALANCE, БАЛАНС');
    await click(page, button(page, 'Add rule'));
    expectIncludes((await errorsShown(page)).join(' '), "setting 'template' is required", 'the error after adding a self-service rule without its template');
    await labelled(page, 'Settings').fill('template=balance');
    await click(page, button(page, 'Add rule'));
    await expectPath(page, '/keywords', 'after adding the rule');
    expectIncludes(await textOf(page.locator('tr[data-rule="balance"]'), 'the new rule'), 'БАЛАНС', 'the balance row on /keywords');

    await labelled(page, 'Text').fill('Stop!');
    await labelled(page, 'From').fill(NUMBER);
    await click(page, button(page, 'Try'));
    const dry = await textOf(page.locator('[data-dry-run]'), 'the dry run');
    expectIncludes(dry, 'opt-out', 'the dry run of "Stop!"');
    expectIncludes(dry, `would opt out ${NUMBER}`, 'the dry run of "Stop!"');
    expectIncludes(dry, 'Nothing was changed', 'the dry run of "Stop!"');
    await t.screenshot(page, 'keywords');

    await click(page, button(page, 'Turn off rule balance'));
    expectIncludes(await textOf(page.locator('tr[data-rule="balance"]'), 'the turned-off rule'), 'disabled', 'the balance row after "Turn off"');
  });

  await t.step('g4 selections: a wrong criterion is refused naming the field; criteria are counted, saved and counted again from the list', async () => {
    await page.goto('/selections');
    await labelled(page, 'Entity type').selectOption('contact');
    await labelled(page, 'Criteria').fill('{"field": "citty", "op": "eq", "value": "Kazan"}');
    await click(page, button(page, 'Count'));
    expectIncludes((await errorsShown(page)).join(' '), "has no field 'citty'", 'the error after counting a wrong criterion');
    await labelled(page, 'Criteria').fill('{"all": [{"field": "city", "op": "eq", "value": "Kazan"}, {"opted_out": false}]}');
    await click(page, button(page, 'Count'));
    expectIncludes(await textOf(page.locator('[data-counted]'), 'the count'), 'of type contact match now', 'the count of the criteria');
    await labelled(page, 'Name').fill('Kazan, not opted out');
    await click(page, button(page, 'Save selection'));
    await expectPath(page, '/selections', 'after saving the selection');
    expectIncludes(await textOf(page.locator('tr[data-selection="Kazan, not opted out"]'), 'the saved selection'), 'rows (counted in', 'the saved selection\'s row');
    await t.screenshot(page, 'selections');
  });

  await t.step('g5 templates: the preview follows the text as it is typed (the rendered text, encoding, parts, cost); the template is saved', async () => {
    const auth = 'Basic ' + Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64');
    const created = await fetch(`${BASE_URL}/api/v1/entities/contact`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ first_name: 'Анна', phone: NUMBER }),
    });
    expectEqual(created.status, 201, 'status of creating a contact through the API');
    const { id } = await created.json();
    await page.goto('/templates');
    await labelled(page, 'Name').fill('hello');
    await labelled(page, 'Entity type').selectOption('contact');
    await labelled(page, 'Preview on row id').fill(String(id));
    await labelled(page, 'Text').fill('Привет, {{contact.first_name}}!');
    // No button: the preview follows the typing.
    const preview = page.locator('#preview');
    try {
      await preview.filter({ hasText: 'Привет, Анна!' }).waitFor({ timeout: 5_000 });
    } catch {
      throw new Error(`the live preview never showed the rendered text; it says: ${squash(await preview.innerText())}`);
    }
    expectIncludes(squash(await preview.innerText()), 'UCS-2, 1 part', 'the live preview');
    expectIncludes(squash(await preview.innerText()), 'cost', 'the live preview');
    await t.screenshot(page, 'templates');
    await click(page, button(page, 'Save template'));
    await expectPath(page, '/templates', 'after saving the template');
    expectIncludes(await textOf(page.locator('tr[data-template="hello"]'), 'the saved template'), '{{contact.first_name}}', 'the saved template\'s row');
  });

  await t.step('h bad input: a forged CSRF token is refused; a <script> user name never runs', async () => {
    const stranger = await newDesktopPage(t.browser, { baseURL: BASE_URL });
    t.page = stranger;
    await stranger.goto('/login');
    await labelled(stranger, 'User name').fill('admin');
    await labelled(stranger, 'Password').fill(ADMIN_PASSWORD);
    const forged = await stranger.evaluate(() => {
      const fields = [...document.querySelectorAll('form input[name="csrf"]')];
      for (const field of fields) field.value = 'forged';
      return fields.map((field) => field.type);
    });
    expect(forged.length >= 1 && forged.every((type) => type === 'hidden'),
      `the login form should carry a hidden input name="csrf", found ${JSON.stringify(forged)}`);
    const [response] = await Promise.all([
      stranger.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
      button(stranger, 'Log in').click(),
    ]);
    await stranger.waitForLoadState('load');
    expectEqual(response.status(), 403, 'status of the sign-in with a forged CSRF token');
    expectIncludes(await visibleText(stranger), 'expired or forged', 'the page after a forged CSRF token');
    await t.screenshot(stranger, 'forged csrf');
    await stranger.goto('/');
    await expectPath(stranger, '/login', 'opening / after the forged sign-in (there must be no session)');
    t.page = page;
    await stranger.context().close();

    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    await page.goto('/users/new');
    await labelled(page, 'User name').fill(SCRIPT_NAME);
    await labelled(page, 'Password').fill('script-password-1');
    await labelled(page, 'Role').selectOption('operator');
    await click(page, button(page, 'Create user'));
    await page.waitForTimeout(500);
    expect(dialogs.length === 0, `a dialog opened after "Create user": ${JSON.stringify(dialogs)}`);
    const named = (await errorsShown(page)).some((error) => error.includes('User name'));
    const escaped = (await visibleText(page)).includes(SCRIPT_NAME);
    expect(named || escaped, 'after a user name of <script>alert(1)</script> the page should show an error naming ' +
      '"User name", or the name as text');
    await expectNoInjectedScript(page, 'the page after "Create user"');
    await t.screenshot(page, 'script user name');
    for (const where of ['/users', '/audit']) {
      await page.goto(where);
      await page.waitForTimeout(300);
      await expectNoInjectedScript(page, where);
      expect(dialogs.length === 0, `a dialog opened on ${where}: ${JSON.stringify(dialogs)}`);
    }
  });
}, { afterEach: postFormsCarryCsrf });

// Visits every page the <nav> links to on a phone-sized page, screenshots each, and fails if
// any is wider than the phone.
async function checkPhonePages(t, phone) {
    const origin = new URL(BASE_URL).origin;
    const targets = [...new Set(await phone.locator('nav a[href]').evaluateAll((links) => links.map((a) => a.href)))]
      .map((href) => new URL(href))
      .filter((url) => url.origin === origin)
      .map((url) => url.pathname + url.search);
    const pages = [...new Set(targets)];
    expect(pages.length >= 2, `the <nav> should link to the site's pages, found ${JSON.stringify(pages)}`);
    console.log(`    nav: ${pages.join(' ')}`);
    const tooWide = [];
    for (const target of pages) {
      const response = await phone.goto(target);
      const status = response?.status() ?? 0;
      expect(status < 500, `${target} answered ${status} on the phone`);
      await t.screenshot(phone, target === '/' ? 'overview' : target);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      console.log(`    ${target}: status ${status}, scrollWidth ${width}`);
      if (width > PHONE_WIDTH + 1) tooWide.push(`${target} (${width} px)`);
    }
    expect(tooWide.length === 0, `pages wider than the ${PHONE_WIDTH} px phone: ${tooWide.join(', ')}`);
}
