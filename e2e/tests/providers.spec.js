// Providers in the portal: an instance administrator creates a provider, its first admin gets the
// invitation by mail (a real SMTP conversation with the fixture's sink), registers with the invited
// address, accepts, and sets the provider up, which makes the provider key in the browser. Disabling
// the provider takes the admin's access away at once; enabling it gives it back.
import { test, expect, ROOT, watchErrors } from '../fixtures.js';
import crypto from 'node:crypto';

// This file's server sends its mail to the fixture's SMTP sink. Provoked on purpose: the
// invitation for another account (403), a spent invitation and a disabled provider (404).
test.use({ mailSink: true, allowedApiErrors: [403, 404] });

const ADMIN = { name: 'Nora Northwind', email: 'admin@msp.e2e.test', password: 'tangerine walrus lantern e2e abyss' };

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

test('a provider is created, set up by its invited admin, disabled and enabled again', async ({ page, browser, mail, baseURL }) => {
  test.setTimeout(180_000);
  const providerName = `Northwind IT ${crypto.randomBytes(3).toString('hex')}`;

  // The instance administrator signs in and sees the instance's navigation.
  await signIn(page, ROOT);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Providers' }).click();
  await expect(page).toHaveURL(/\/admin\/providers$/);
  await expect(page.getByRole('heading', { name: 'Providers', exact: true })).toBeVisible();

  // The form says what is missing, by the fields, without asking the server.
  await page.getByRole('button', { name: 'New provider' }).first().click();
  const create = page.getByRole('dialog', { name: 'New provider' });
  await create.getByRole('button', { name: 'Create and invite' }).click();
  await expect(create.getByLabel('Name')).toBeFocused();
  await expect(create.locator('#new-provider-name-error')).toBeVisible();
  await expect(create.locator('#new-provider-admin-error')).toBeVisible();

  await create.getByLabel('Name').fill(providerName);
  await create.getByLabel('Type').selectOption('msp');
  await create.getByLabel("First admin's email").fill(ADMIN.email);
  await create.getByRole('button', { name: 'Create and invite' }).click();
  await expect(create).toHaveCount(0);
  await expect(page.getByTestId('flash')).toContainText(`invitation to finish its setup was sent to ${ADMIN.email}`);
  const row = page.getByTestId('provider-row').filter({ hasText: providerName });
  await expect(row.getByTestId('provider-status')).toHaveText('Pending setup');

  // The invitation arrives by mail, with a link to this server.
  const message = await mail.waitFor(ADMIN.email);
  expect(message.subject).toContain(providerName);
  const link = /(https?:\/\/\S+\/invitations\/accept\?token=[\w-]+)/.exec(message.body)?.[1];
  expect(link, message.body).toBeTruthy();
  expect(link.startsWith(`${baseURL}/`)).toBe(true);

  // Opened by the wrong account, it says who is signed in and changes nothing.
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'This invitation is for another address' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toContainText(ROOT.email);
  await expect(page.getByRole('button', { name: 'Sign out and switch account' })).toBeVisible();

  // The invited admin, in a browser of their own: the link explains, registration comes back to it.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminErrors = watchErrors(admin, [404]);
  await admin.goto(link);
  await expect(admin.getByRole('heading', { name: 'You have been invited' })).toBeVisible();
  await admin.getByRole('link', { name: 'Create an account' }).click();
  await expect(admin.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await admin.getByLabel('Name').fill(ADMIN.name);
  await admin.getByLabel('Email').fill(ADMIN.email);
  await admin.getByLabel('Master password', { exact: true }).fill(ADMIN.password);
  await admin.getByLabel('Confirm master password').fill(ADMIN.password);
  await admin.getByRole('button', { name: 'Create account' }).click();

  // Accepted on the way back: the setup comes next.
  await expect(admin.getByRole('heading', { name: `Set up ${providerName}` })).toBeVisible({ timeout: 30_000 });
  await expect(admin).toHaveURL(/\/providers\/[0-9a-f-]+\/setup$/);
  const billing = admin.getByLabel('Billing email');
  await expect(billing).toHaveValue(ADMIN.email);
  await billing.fill('not an address');
  await admin.getByRole('button', { name: 'Create the provider key and finish' }).click();
  await expect(billing).toBeFocused();
  await expect(admin.locator('#setup-billing-email-error')).toBeVisible();
  await billing.fill('billing@msp.e2e.test');
  const setupRequest = admin.waitForRequest((r) => r.method() === 'POST' && /\/api\/v1\/providers\/[^/]+\/setup$/.test(r.url()));
  await admin.getByRole('button', { name: 'Create the provider key and finish' }).click();

  // Only the wrapped provider key leaves the browser.
  const sent = JSON.parse((await setupRequest).postData());
  expect(Object.keys(sent).sort()).toEqual(['billing_email', 'wrapped_provider_key']);
  expect(sent.wrapped_provider_key).toMatch(/^v1\.hpke-x25519\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{64}$/);

  // The provider dashboard.
  await expect(admin.getByTestId('provider-name')).toHaveText(providerName);
  await expect(admin.getByTestId('provider-status')).toHaveText('Active');
  await expect(admin.getByText(`${providerName} is set up.`)).toBeVisible();
  await expect(admin.getByRole('navigation', { name: 'Provider sections' }).getByRole('link', { name: 'Clients' })).toHaveAttribute('aria-current', 'page');
  await expect(admin.getByTestId('provider-clients').getByTestId('clients-empty')).toContainText('No clients yet');
  const providerUrl = admin.url();

  // Its settings work for its admin.
  await admin.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(admin.getByLabel('Billing email')).toHaveValue('billing@msp.e2e.test');
  await admin.getByLabel('Name').fill(`${providerName} Ltd`);
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.getByText('Saved.')).toBeVisible();
  await expect(admin.getByTestId('provider-name')).toHaveText(`${providerName} Ltd`);

  // The home page lists the provider.
  await admin.getByRole('link', { name: 'Provider Portal' }).first().click();
  await expect(admin.getByTestId('provider-links')).toContainText(`${providerName} Ltd`);

  // The instance administrator disables it, after a confirmation that says what it means.
  await page.goto('/admin/providers');
  await unlock(page, ROOT);
  await page.getByRole('searchbox', { name: 'Search providers by name' }).fill(providerName);
  await expect(row.getByTestId('provider-status')).toHaveText('Active');
  await row.getByRole('button', { name: /^Disable/ }).click();
  const confirm = page.getByRole('dialog', { name: `Disable ${providerName} Ltd?` });
  await expect(confirm).toContainText('Its users lose access at once');
  await expect(confirm).toContainText('Nothing is deleted.');
  await confirm.getByRole('button', { name: 'Disable provider' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row.getByTestId('provider-status')).toHaveText('Disabled');

  // The provider's admin has lost access: the provider is gone for them.
  await admin.goto(providerUrl);
  await unlock(admin, ADMIN);
  await expect(admin.getByTestId('provider-not-found')).toBeVisible();
  await expect(admin.getByRole('heading', { name: 'This provider is not available' })).toBeVisible();
  await admin.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(admin.getByTestId('providers-card')).toContainText('You are not part of a provider yet');

  // Enabled again, it is back.
  await row.getByRole('button', { name: /^Enable/ }).click();
  await expect(row.getByTestId('provider-status')).toHaveText('Active');
  await admin.goto(providerUrl);
  await unlock(admin, ADMIN);
  await expect(admin.getByTestId('provider-name')).toHaveText(`${providerName} Ltd`);
  await expect(admin.getByTestId('provider-status')).toHaveText('Active');

  expect(adminErrors, 'the admin page logged no errors').toEqual([]);
  await adminContext.close();
});

test('an invitation link that is spent or incomplete says so', async ({ page }) => {
  await signIn(page, ROOT);
  // Accepting needs the session, not the keys: the locked tab after the reload still answers.
  await page.goto('/invitations/accept?token=not-a-real-token');
  await expect(page.getByRole('heading', { name: 'This invitation is not valid any more' })).toBeVisible();
  await page.goto('/invitations/accept');
  await expect(page.getByRole('heading', { name: 'This invitation link is incomplete' })).toBeVisible();
});

test('only instance administrators reach the providers page', async ({ page }) => {
  const tag = crypto.randomBytes(4).toString('hex');
  const person = { name: 'Ada Lovelace', email: `ada.${tag}@example.com`, password: `saffron quiver ${tag} mosaic orbit` };
  await page.goto('/register');
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByLabel('Confirm master password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('greeting')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Providers' })).toHaveCount(0);
  await expect(page.getByTestId('providers-card')).toContainText('You are not part of a provider yet');
  await page.goto('/admin/providers');
  await unlock(page, person);
  await expect(page.getByRole('heading', { name: 'Only instance administrators can manage providers' })).toBeVisible();
});
