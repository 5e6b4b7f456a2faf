// A CRM user works the entity, number and inbox pages in a real browser (Debian's Chromium),
// against a pigeond started by tests/browser/run.sh with an empty store and the provider
// instance "filesim", whose callback secret is PIGEON_CALLBACK_SECRET.
//
// Environment: as admin.test.mjs, plus PIGEON_CALLBACK_SECRET.

import http from 'node:http';

import { newDesktopPage, newPhonePage, runScenario } from './lib/browser.mjs';
import { expect, expectEqual, expectExcludes, expectIncludes } from './lib/expect.mjs';
import {
  button, click, errorsShown, expectPath, labelled, link, logIn, pollPage, postFormsCarryCsrf, squash, textOf,
} from './lib/page.mjs';

const BASE_URL = process.env.PIGEON_URL;
const ADMIN_PASSWORD = process.env.PIGEON_ADMIN_PASSWORD;
const CALLBACK_SECRET = process.env.PIGEON_CALLBACK_SECRET;
if (!BASE_URL || !ADMIN_PASSWORD || !CALLBACK_SECRET) {
  console.error('PIGEON_URL, PIGEON_ADMIN_PASSWORD and PIGEON_CALLBACK_SECRET must be set: run this through tests/browser/run.sh');
  process.exit(2);
}

const OUR_NUMBER = '+79001112233';
const ANNA_PHONE = '+79123456789';
const PHONE_WIDTH = 390;
// Semicolons, a BOM, a quoted cell holding the delimiter, and one bad phone number on line 3.
const CSV = '\uFEFFexternal_id;first_name;last_name;phone;city\n' +
  `crm-1;Anna;Ivanova;${ANNA_PHONE};Kazan\n` +
  'crm-2;Boris;Petrov;not a phone;Moscow\n' +
  'crm-3;Vera;Ivanchenko;+79123457777;"Nizhny; Novgorod"\n';

await runScenario(async (t) => {
  const page = await newDesktopPage(t.browser, { baseURL: BASE_URL });
  t.page = page;
  let annaId;

  await t.step('a sign-in: admin lands on Overview; Entities, Numbers and Inbox are in the navigation', async () => {
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await expectPath(page, '/', 'after signing in');
    for (const name of ['Entities', 'Numbers', 'Inbox']) {
      expectEqual(await page.locator('nav').getByRole('link', { name, exact: true }).count(), 1, `nav links named ${name}`);
    }
  });

  await t.step('b import: a CSV file is uploaded; the bar reaches 100 % and the bad row is named by line and column', async () => {
    await click(page, page.locator('nav').getByRole('link', { name: 'Entities', exact: true }));
    await click(page, link(page, 'Contacts'));
    await expectPath(page, '/entities/contact', 'after choosing Contacts');
    await labelled(page, 'CSV file').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await click(page, button(page, 'Import'));
    await expectPath(page, /^\/entities\/contact\/imports\/\d+$/, 'after "Import"');
    // No reload: the page follows the import by itself.
    const bar = page.locator('progress');
    try {
      await page.locator('[data-finished]').waitFor({ timeout: 10_000 });
    } catch {
      throw new Error(`the import page never showed the import finished; it says: ${squash(await page.locator('main').innerText())}`);
    }
    expectEqual(await bar.getAttribute('value'), '100', 'the progress bar\'s value');
    expectIncludes(await textOf(page.locator('[data-field="rows"]'), 'the row counts'), '3: 2 created, 0 changed, 1 failed', 'the row counts');
    expectIncludes(await textOf(page.locator('tr[data-line="3"]'), 'the bad row'), 'phone', 'the row reported for line 3');
    await t.screenshot(page, 'import');
  });

  await t.step('c browse: the rows are searched by last name and by phone, and one is opened', async () => {
    await click(page, link(page, 'Contacts'));
    await labelled(page, 'Search').fill('Ivan');
    await click(page, button(page, 'Search'));
    const rows = page.locator('tbody tr[data-entity]');
    expectEqual(await rows.count(), 2, 'rows whose last name starts with "Ivan"');
    expectExcludes(squash(await page.locator('main table').first().innerText()), 'Petrov', 'the rows found for "Ivan"');
    expectIncludes(squash(await page.locator('main table').first().innerText()), 'Nizhny; Novgorod', 'the rows found for "Ivan"');
    await labelled(page, 'Search').fill('8 912 345-67-89');
    await click(page, button(page, 'Search'));
    expectEqual(await rows.count(), 1, 'rows with the phone 8 912 345-67-89');
    annaId = await rows.first().getAttribute('data-entity');
    await click(page, link(page, `Open contact ${annaId}`));
    await expectPath(page, `/entities/contact/${annaId}`, 'after opening the row');
    expectIncludes(squash(await page.locator('dl.fields').innerText()), 'City Kazan', 'the row\'s fields');
  });

  await t.step('d numbers: a bad number is refused naming it; the number is added with its owner and default user', async () => {
    await page.goto('/numbers');
    await labelled(page, 'Number').fill('+7900');
    await labelled(page, 'Label').fill('Shop line');
    await click(page, button(page, 'Add number'));
    expectIncludes((await errorsShown(page)).join(' '), "number: '+7900' is neither a phone number", 'the error after a bad number');
    expectEqual(await labelled(page, 'Label').inputValue(), 'Shop line', 'the label typed before the error');
    await labelled(page, 'Number').fill('+7 900 111-22-33');
    await labelled(page, 'Provider instance').selectOption('filesim');
    await labelled(page, 'Inbox owner').selectOption('admin');
    await labelled(page, 'admin').check();
    await labelled(page, "admin's default").check();
    await click(page, button(page, 'Add number'));
    await expectPath(page, '/numbers', 'after "Add number"');
    const row = await textOf(page.locator(`tr[data-number="${OUR_NUMBER}"]`), 'the added number');
    for (const part of ['Shop line', 'filesim', 'admin (default)']) expectIncludes(row, part, 'the added number\'s row');
  });

  await t.step('e inbox: a customer\'s reply lands in the owner\'s inbox, linked to the contact, with a Reply that fills the number', async () => {
    const sent = await fetch(`${BASE_URL}/callbacks/filesim/inbound?secret=${encodeURIComponent(CALLBACK_SECRET)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: ANNA_PHONE, to: OUR_NUMBER, text: 'Is my order ready?' }),
    });
    expectEqual(sent.status, 200, 'status of the simulator\'s inbound callback');
    await pollPage(page, '/inbox', 'the reply in the inbox', async () => {
      expectIncludes(squash(await page.locator('main table').innerText()), 'Is my order ready?', 'the inbox');
    });
    const row = page.locator('tr[data-inbox]').first();
    expectIncludes(squash(await row.innerText()), `contact ${annaId}`, 'the inbox row\'s customer');
    await t.screenshot(page, 'inbox');
    await click(page, row.getByRole('link', { name: `Reply to ${ANNA_PHONE}` }));
    await expectPath(page, '/messages/new', 'after "Reply"');
    expectEqual(await labelled(page, 'To').inputValue(), ANNA_PHONE, 'the To field after "Reply"');
  });

  await t.step('f automations: a wrong criterion is refused naming the field; the saved automation texts a new contact', async () => {
    const auth = 'Basic ' + Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64');
    const api = (path, method = 'GET', body = undefined) => fetch(`${BASE_URL}/api/v1${path}`, {
      method, headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
    });
    expectEqual((await api('/templates', 'POST', { name: 'welcome', entity_type: 'contact', body: 'Welcome, {{contact.first_name}}!' })).status,
      201, 'status of creating a template through the API');
    await page.goto('/automations');
    await labelled(page, 'Name').fill('Welcome new contacts');
    await labelled(page, 'Entity type').selectOption('contact');
    await labelled(page, 'When a row is').selectOption('created');
    await labelled(page, 'Criteria').fill('{"field": "citty", "op": "eq", "value": "Kazan"}');
    await labelled(page, 'Template').selectOption('welcome');
    await click(page, button(page, 'Save automation'));
    expectIncludes((await errorsShown(page)).join(' '), "has no field 'citty'", 'the error after a wrong criterion');
    expectEqual(await labelled(page, 'Name').inputValue(), 'Welcome new contacts', 'the name typed before the error');
    await labelled(page, 'Criteria').fill('{"field": "city", "op": "eq", "value": "Kazan"}');
    await click(page, button(page, 'Save automation'));
    await expectPath(page, '/automations', 'after "Save automation"');
    expectIncludes(await textOf(page.locator('tr[data-automation="Welcome new contacts"]'), 'the saved automation'), 'welcome', 'the saved automation\'s row');
    expectEqual((await api('/entities/contact', 'POST', { first_name: 'Oleg', phone: '+79123450042', city: 'Kazan' })).status,
      201, 'status of creating a contact in Kazan');
    await pollPage(page, '/messages', 'the automation\'s message', async () => {
      expectIncludes(squash(await page.locator('main table').innerText()), 'Welcome, Oleg!', 'the messages after the contact was created');
    });
  });

  await t.step('g webhooks: a webhook is added (its secret shown once) and pinged; the delivery is listed as delivered', async () => {
    const received = [];
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        received.push({ signature: request.headers['x-pigeon-signature'], body });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${server.address().port}/pigeon`;
      await page.goto('/webhooks');
      await labelled(page, 'URL').fill(url);
      await labelled(page, 'inbound').check();
      await labelled(page, 'opt_out').check();
      await click(page, button(page, 'Add webhook'));
      // The answer to the POST is the webhook's page, so the secret is never in a URL or a redirect.
      const heading = squash(await page.locator('h1').innerText());
      expect(/^Webhook \d+$/.test(heading), `after "Add webhook" the page should be the webhook's, its heading is "${heading}"`);
      const secret = squash(await page.locator('#new-secret').innerText());
      expect(secret.length >= 16, `the new webhook's secret should be shown once, found "${secret}"`);
      const path = `/webhooks/${heading.split(' ')[1]}`;
      await click(page, button(page, 'Ping'));
      await pollPage(page, path, 'the ping delivered', async () => {
        expectIncludes(await textOf(page.locator('tr[data-delivery]').first(), 'the latest delivery'), 'delivered', 'the ping\'s delivery');
      });
      expect(received.length >= 1 && received[0].body.includes('ping'), `the receiver should have got the ping, got ${JSON.stringify(received)}`);
      expect(Boolean(received[0].signature), 'the ping should carry an X-Pigeon-Signature header');
      expectExcludes(await page.content(), secret, 'the webhook page after the first view (the secret)');
    } finally {
      server.close();
    }
  });

  await t.step('h phone: the contacts table, numbers and inbox fit 390 px without horizontal scroll', async () => {
    const phone = await newPhonePage(t.browser, { baseURL: BASE_URL });
    t.page = phone;
    await logIn(phone, 'admin', ADMIN_PASSWORD);
    const tooWide = [];
    for (const target of ['/entities', '/entities/contact', `/entities/contact/${annaId}`, '/numbers', '/inbox', '/automations', '/webhooks']) {
      const response = await phone.goto(target);
      expect((response?.status() ?? 0) === 200, `${target} answered ${response?.status()} on the phone`);
      await t.screenshot(phone, target);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE_WIDTH + 1) tooWide.push(`${target} (${width} px)`);
    }
    expect(tooWide.length === 0, `pages wider than the ${PHONE_WIDTH} px phone: ${tooWide.join(', ')}`);
  });
}, { afterEach: postFormsCarryCsrf });
