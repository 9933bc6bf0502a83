// The providers slice end to end, as the issue tells it: an instance administrator creates a
// provider, its admin accepts by the mailed link and completes the setup, invites and confirms a
// Service User, creates two clients, and the Service User sees both and opens one in one click.
// Every mail goes through real SMTP to the fixture's sink; every key is made in a browser.
import { test, expect, ROOT, watchErrors } from '../fixtures.js';
import crypto from 'node:crypto';

test.use({ mailSink: true, allowedApiErrors: [404] });

const tag = crypto.randomBytes(3).toString('hex');
const ADMIN = { name: 'Ada Admin', email: `ada.${tag}@journey.e2e.test`, password: 'harbor quartz e2e lantern meadow' };
const TECH = { name: 'Sam Service', email: `sam.${tag}@journey.e2e.test`, password: 'violet tractor e2e umbrella comet' };

async function signIn(page, person) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('greeting')).toBeVisible();
}

async function unlock(page, person) {
  await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible();
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** The invitation link mailed to `email`. */
async function invitationLink(mail, email) {
  const message = await mail.waitFor(email);
  const link = /(https?:\/\/\S+\/invitations\/accept\?token=[\w-]+)/.exec(message.body)?.[1];
  expect(link, message.body).toBeTruthy();
  return link;
}

/** Opens an invitation in a fresh browser and registers `person` with the invited address. */
async function registerFromInvitation(page, link, person) {
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'You have been invited' })).toBeVisible();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByLabel('Confirm master password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

async function createClient(page, name, owner, seats) {
  const clients = page.getByTestId('provider-clients');
  await clients.getByRole('button', { name: /New client|Create your first client/ }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New client' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel("Owner's email").fill(owner);
  await dialog.getByLabel('Billing email').fill(`billing@${name.toLowerCase().replace(/\W+/g, '')}.e2e.test`);
  await dialog.getByLabel('Plan').selectOption('teams');
  await dialog.getByLabel('Seats', { exact: true }).fill(String(seats));
  await dialog.getByRole('button', { name: 'Create and invite Owner' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('client-row').filter({ hasText: name })).toBeVisible();
}

test('a provider is created, set up, staffed with a Service User who sees both clients', async ({ page, browser, mail }) => {
  test.setTimeout(240_000);
  const providerName = `Journey IT ${tag}`;
  const navigate = (p, section) =>
    p.getByRole('navigation', { name: 'Provider sections' }).getByRole('link', { name: section }).click();

  // The instance administrator creates the provider and invites its first admin.
  await signIn(page, ROOT);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Providers' }).click();
  await page.getByRole('button', { name: 'New provider' }).first().click();
  const create = page.getByRole('dialog', { name: 'New provider' });
  await create.getByLabel('Name').fill(providerName);
  await create.getByLabel("First admin's email").fill(ADMIN.email);
  await create.getByRole('button', { name: 'Create and invite' }).click();
  await expect(create).toHaveCount(0);

  // Its admin accepts by the mailed link and completes the setup in their own browser.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminErrors = watchErrors(admin, [404]);
  await registerFromInvitation(admin, await invitationLink(mail, ADMIN.email), ADMIN);
  await expect(admin.getByRole('heading', { name: `Set up ${providerName}` })).toBeVisible({ timeout: 30_000 });
  await admin.getByRole('button', { name: 'Create the provider key and finish' }).click();
  await expect(admin.getByTestId('provider-status')).toHaveText('Active');

  // The admin invites a Service User, who accepts in a browser of their own.
  await navigate(admin, 'Users');
  await admin.getByRole('button', { name: 'Invite people' }).click();
  const invite = admin.getByRole('dialog', { name: 'Invite people' });
  await invite.getByLabel('Email addresses').fill(TECH.email);
  await expect(invite.getByRole('radio', { name: 'Service User' })).toBeChecked();
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  await expect(invite).toHaveCount(0);
  const techContext = await browser.newContext();
  const tech = await techContext.newPage();
  const techErrors = watchErrors(tech, [404]);
  await registerFromInvitation(tech, await invitationLink(mail, TECH.email), TECH);
  await expect(tech.getByRole('heading', { name: `You joined ${providerName}` })).toBeVisible({ timeout: 30_000 });
  await tech.goto('/settings/account');
  await unlock(tech, TECH);
  const fingerprint = (await tech.getByTestId('settings-fingerprint').textContent()).trim();

  // The admin confirms them after comparing the fingerprint they read out.
  await navigate(admin, 'Clients');
  await navigate(admin, 'Users');
  const techRow = admin.getByTestId('user-row').filter({ has: admin.getByText(TECH.email, { exact: true }) });
  await expect(techRow.getByTestId('user-status')).toHaveText('Needs confirmation');
  await techRow.getByRole('button', { name: `Confirm ${TECH.name}` }).click();
  const confirm = admin.getByRole('dialog', { name: `Confirm ${TECH.name}` });
  await expect(confirm.getByTestId('confirm-fingerprint')).toHaveAttribute('aria-label', fingerprint);
  await confirm.getByRole('button', { name: 'Fingerprints match: confirm' }).click();
  await expect(techRow.getByTestId('user-status')).toHaveText('Confirmed');

  // The admin creates two clients; only encrypted keys leave the browser.
  await navigate(admin, 'Clients');
  const created = admin.waitForRequest((r) => r.method() === 'POST' && /\/clients$/.test(r.url()));
  await createClient(admin, 'Alpine Dental', `owner@alpine-${tag}.e2e.test`, 10);
  expect(JSON.parse((await created).postData()).provider_wrapped_key).toMatch(/^v1\.xc20p\./);
  await createClient(admin, 'Birch Legal', `owner@birch-${tag}.e2e.test`, 5);
  await expect(admin.getByTestId('client-row')).toHaveCount(2);

  // The Service User sees the provider on their home page, both clients in it, and opens one
  // in one click; the browser opens its key through the provider key.
  await tech.goto('/');
  await unlock(tech, TECH);
  await tech.getByTestId('provider-links').getByRole('link', { name: new RegExp(providerName) }).click();
  const rows = tech.getByTestId('client-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Alpine Dental');
  await expect(rows.nth(1)).toContainText('Birch Legal');
  await expect(tech.getByRole('button', { name: 'New client' })).toHaveCount(0);
  await rows.nth(1).getByRole('link', { name: 'Birch Legal' }).click();
  await expect(tech).toHaveURL(/\/organizations\/[0-9a-f-]+$/);
  await expect(tech.getByText(`You administer this client as a user of ${providerName}`)).toBeVisible();

  expect(adminErrors, 'the admin saw no errors').toEqual([]);
  expect(techErrors, 'the Service User saw no errors').toEqual([]);
  await adminContext.close();
  await techContext.close();
});
