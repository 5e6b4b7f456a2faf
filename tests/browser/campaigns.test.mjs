// A marketer runs a campaign from the admin site in a real browser (Debian's Chromium): the
// wizard counts the recipients and shows what the first one gets and what it costs, refuses a
// bad pace naming it, and starts the campaign; its page follows it to the end by itself, and
// the list shows it completed. pigeond is started by tests/browser/run.sh with an empty store
// and the provider instance "filesim".
//
// Environment: as admin.test.mjs.

import { newDesktopPage, runScenario } from './lib/browser.mjs';
import { eventually, expectEqual, expectIncludes } from './lib/expect.mjs';
import { button, click, errorsShown, expectPath, labelled, link, logIn, squash, textOf } from './lib/page.mjs';

const BASE_URL = process.env.PIGEON_URL;
const ADMIN_PASSWORD = process.env.PIGEON_ADMIN_PASSWORD;
if (!BASE_URL || !ADMIN_PASSWORD) {
  console.error('PIGEON_URL and PIGEON_ADMIN_PASSWORD must be set: run this through tests/browser/run.sh');
  process.exit(2);
}

const CONTACTS = [['Anna', '+79123450001'], ['Boris', '+79123450002'], ['Vera', '+79123450003']];

await runScenario(async (t) => {
  const page = await newDesktopPage(t.browser, { baseURL: BASE_URL });
  t.page = page;
  const auth = 'Basic ' + Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64');
  const api = (path, method = 'GET', body = undefined) => fetch(`${BASE_URL}/api/v1${path}`, {
    method, headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
  });

  await t.step('a set-up: three contacts, a selection of everyone and a template come from the CRM', async () => {
    for (const [name, phone] of CONTACTS) {
      expectEqual((await api('/entities/contact', 'POST', { first_name: name, phone })).status, 201, `status of creating ${name}`);
    }
    expectEqual((await api('/selections', 'POST', { name: 'everyone', entity_type: 'contact', criteria: {} })).status,
      201, 'status of saving the selection');
    expectEqual((await api('/templates', 'POST', { name: 'promo', entity_type: 'contact', body: 'Hello {{contact.first_name}}, 20% off today!' })).status,
      201, 'status of saving the template');
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await expectPath(page, '/', 'after signing in');
  });

  await t.step('b wizard: the recipients are counted and the first one\'s text, parts and cost shown while choosing', async () => {
    await click(page, page.locator('nav').getByRole('link', { name: 'Campaigns', exact: true }));
    await expectPath(page, '/campaigns', 'after choosing Campaigns');
    expectIncludes(squash(await page.locator('main').innerText()), 'No campaigns yet.', 'the empty list');
    await click(page, link(page, 'New campaign'));
    await expectPath(page, '/campaigns/new', 'after "New campaign"');
    await labelled(page, 'Name').fill('spring');
    await labelled(page, 'Selection').selectOption('everyone');
    const summary = page.locator('#preview');
    await eventually('the count of recipients', async () => {
      expectIncludes(squash(await summary.innerText()), '3 recipients now.', 'the summary after choosing the selection');
    });
    await labelled(page, 'Template').selectOption('promo');
    await eventually('the sample text', async () => {
      const text = squash(await summary.innerText());
      expectIncludes(text, 'Hello Anna, 20% off today!', 'the summary after choosing the template');
      expectIncludes(text, '1 part(s) each; cost', 'the summary after choosing the template');
    });
    await labelled(page, 'Quiet hours').fill('');
    await labelled(page, 'Messages a second').fill('-5');
    await t.screenshot(page, 'wizard');
  });

  await t.step('c a bad pace is refused naming it, what was typed stays; the campaign then starts', async () => {
    await click(page, button(page, 'Save and start'));
    expectIncludes((await errorsShown(page)).join(' '), 'rate:', 'the error after a rate of -5');
    expectEqual(await labelled(page, 'Name').inputValue(), 'spring', 'the name typed before the error');
    expectEqual(await labelled(page, 'Template').inputValue(), 'promo', 'the template chosen before the error');
    await labelled(page, 'Messages a second').fill('0');
    await click(page, button(page, 'Save and start'));
    await expectPath(page, /^\/campaigns\/\d+$/, 'after "Save and start"');
  });

  await t.step('d progress: the campaign page follows the campaign to the end without a reload', async () => {
    try {
      await page.locator('[data-finished]').waitFor({ timeout: 20_000 });
    } catch {
      throw new Error(`the campaign page never showed the campaign finished; it says: ${squash(await page.locator('main').innerText())}`);
    }
    expectEqual(await textOf(page.locator('[data-state]'), 'the state'), 'completed', 'the campaign\'s state');
    expectEqual(await page.locator('#campaign-bar').getAttribute('value'), '100', 'the progress bar\'s value');
    expectEqual(await textOf(page.locator('[data-field="recipients"]'), 'the recipients'), '3', 'the recipients');
    await t.screenshot(page, 'completed');
    await click(page, link(page, 'All campaigns'));
    expectIncludes(await textOf(page.locator('tr[data-campaign="spring"]'), 'the campaign\'s row'), 'completed', 'the list\'s row');
    const messages = await (await api('/messages?limit=100')).json();
    expectEqual(messages.messages.filter((m) => m.tag === 'campaign').length, 3, 'campaign messages in the outbox');
  });
});
