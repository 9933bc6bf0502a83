// A provider's clients in the portal: its admin creates two clients (each organization key made in
// the browser and sent only encrypted with the provider key), searches, sorts and edits them; a
// client's Owner accepts the mailed invitation in a browser of their own; the admin creates an
// organization of their own on the home page, attaches it as a client, opens it in one click and
// detaches it after a warning. An instance administrator who is not a provider user only looks.
import { test, expect, ROOT, watchErrors } from '../fixtures.js';
import crypto from 'node:crypto';
import { mkdirSync } from 'node:fs';

// Provoked on purpose: the membership of an instance administrator who is not a provider user, and
// a client organization opened by someone who is neither its member nor its provider's user (404).
test.use({ mailSink: true, allowedApiErrors: [404] });

const SHOTS = '/tmp/shots-clients';
mkdirSync(SHOTS, { recursive: true });

const tag = crypto.randomBytes(3).toString('hex');
const ADMIN = { name: 'Nora Northwind', email: `admin.${tag}@msp.e2e.test`, password: 'tangerine walrus lantern e2e abyss' };
const OWNER = { name: 'Otto Owner', email: `owner.${tag}@contoso.e2e.test`, password: 'marble piano harbor e2e quartz' };
const ENC_STRING = /^v1\.xc20p\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{64}$/;
const WRAPPED_KEY = /^v1\.hpke-x25519\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{64}$/;

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

/** Opens an invitation link signed out and registers `person` from it (back to the invitation). */
async function registerFromInvitation(page, link, person) {
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'You have been invited' })).toBeVisible();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByLabel('Confirm master password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

function linkIn(message) {
  const link = /(https?:\/\/\S+\/invitations\/accept\?token=[\w-]+)/.exec(message.body)?.[1];
  expect(link, message.body).toBeTruthy();
  return link;
}

/** ROOT creates a provider; ADMIN registers from the mailed invitation and sets it up. */
async function providerWithAdmin(page, admin, mail, providerName) {
  await signIn(page, ROOT);
  await page.goto('/admin/providers');
  await unlock(page, ROOT);
  await page.getByRole('button', { name: 'New provider' }).first().click();
  const create = page.getByRole('dialog', { name: 'New provider' });
  await create.getByLabel('Name').fill(providerName);
  await create.getByLabel("First admin's email").fill(ADMIN.email);
  await create.getByRole('button', { name: 'Create and invite' }).click();
  await expect(create).toHaveCount(0);

  await registerFromInvitation(admin, linkIn(await mail.waitFor(ADMIN.email)), ADMIN);
  await expect(admin.getByRole('heading', { name: `Set up ${providerName}` })).toBeVisible({ timeout: 30_000 });
  await admin.getByRole('button', { name: 'Create the provider key and finish' }).click();
  await expect(admin.getByTestId('provider-name')).toHaveText(providerName);
}

test('a provider admin creates, edits, attaches, opens and detaches clients', async ({ page, browser, mail }) => {
  test.setTimeout(240_000);
  const providerName = `Northwind IT ${tag}`;
  const adminContext = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const admin = await adminContext.newPage();
  const adminErrors = watchErrors(admin, [422]);
  await providerWithAdmin(page, admin, mail, providerName);
  const providerUrl = admin.url();

  // No clients yet: the empty state says what a client is and offers to create one.
  const clients = admin.getByTestId('provider-clients');
  await expect(clients.getByTestId('clients-empty')).toContainText('No clients yet');
  await expect(clients.getByRole('button', { name: 'Create your first client' })).toBeVisible();
  await admin.screenshot({ path: `${SHOTS}/01-empty.png`, fullPage: true });

  // The form says what is missing, by the fields, without asking the server.
  await clients.getByRole('button', { name: 'New client' }).click();
  const create = admin.getByRole('dialog', { name: 'New client' });
  await create.getByLabel('Seats', { exact: true }).fill('0');
  await create.getByRole('button', { name: 'Create and invite Owner' }).click();
  await expect(create.getByLabel('Name')).toBeFocused();
  await expect(create.locator('#new-client-name-error')).toBeVisible();
  await expect(create.locator('#new-client-owner-error')).toBeVisible();
  await expect(create.locator('#new-client-billing-error')).toBeVisible();
  await expect(create.locator('#new-client-seats-error')).toContainText('from 1 to');
  await admin.screenshot({ path: `${SHOTS}/02-create-errors.png` });

  await create.getByLabel('Name').fill('Contoso Dental');
  await create.getByLabel("Owner's email").fill(OWNER.email);
  await create.getByLabel('Billing email').fill('billing@contoso.e2e.test');
  await create.getByLabel('Plan').selectOption('teams');
  await create.getByLabel('Seats', { exact: true }).fill('10');
  const createRequest = admin.waitForRequest((r) => r.method() === 'POST' && /\/api\/v1\/providers\/[^/]+\/clients$/.test(r.url()));
  await create.getByRole('button', { name: 'Create and invite Owner' }).click();

  // Only the organization key encrypted with the provider key leaves the browser.
  const sent = JSON.parse((await createRequest).postData());
  expect(Object.keys(sent).sort()).toEqual(['billing_email', 'name', 'owner_email', 'plan', 'provider_wrapped_key', 'seats']);
  expect(sent.provider_wrapped_key).toMatch(/^v1\./);
  expect(sent.provider_wrapped_key).toMatch(ENC_STRING);
  for (const [field, value] of Object.entries(sent)) {
    if (field !== 'provider_wrapped_key') expect(String(value).length, field).toBeLessThan(40);
  }
  expect(sent).toMatchObject({ name: 'Contoso Dental', plan: 'teams', seats: 10, owner_email: OWNER.email });

  await expect(create).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText(`${OWNER.email} was invited by email`);
  const contoso = admin.getByTestId('client-row').filter({ hasText: 'Contoso Dental' });
  await expect(contoso.getByTestId('client-status')).toHaveText('Awaiting Owner');
  await expect(contoso.getByTestId('seat-bar')).toContainText('1 / 10');
  await expect(contoso.getByTestId('client-plan')).toHaveText('Teams');

  // A second client, with unlimited seats.
  await clients.getByRole('button', { name: 'New client' }).click();
  await create.getByLabel('Name').fill('Fabrikam Legal');
  await create.getByLabel("Owner's email").fill(`it.${tag}@fabrikam.e2e.test`);
  await create.getByLabel('Billing email').fill('ap@fabrikam.e2e.test');
  await create.getByLabel('Plan').selectOption('enterprise');
  await create.getByLabel('Unlimited').check();
  await expect(create.getByLabel('Seats', { exact: true })).toBeDisabled();
  await create.getByRole('button', { name: 'Create and invite Owner' }).click();
  await expect(create).toHaveCount(0);
  const fabrikam = admin.getByTestId('client-row').filter({ hasText: 'Fabrikam Legal' });
  await expect(fabrikam.getByTestId('seat-bar')).toContainText('unlimited');
  await expect(admin.getByTestId('summary-clients')).toHaveText('2');
  await expect(admin.getByTestId('summary-seats')).toHaveText('2');
  await admin.screenshot({ path: `${SHOTS}/03-two-clients.png`, fullPage: true });

  // Search (debounced) and sort.
  await admin.getByRole('searchbox', { name: 'Search clients by name' }).fill('fabri');
  await expect(admin.getByTestId('client-row')).toHaveCount(1);
  await expect(admin.getByTestId('client-row')).toContainText('Fabrikam Legal');
  await admin.getByRole('searchbox', { name: 'Search clients by name' }).fill('');
  await expect(admin.getByTestId('client-row')).toHaveCount(2);
  await expect(admin.getByTestId('client-row').first()).toContainText('Contoso Dental');
  await admin.getByRole('columnheader', { name: /Name/ }).getByRole('button').click();
  await expect(admin.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(admin.getByTestId('client-row').first()).toContainText('Fabrikam Legal');
  await admin.getByLabel('Sort').selectOption('name');
  await expect(admin.getByTestId('client-row').first()).toContainText('Contoso Dental');

  // Edit: 0 seats is refused in the browser; the server's "below the seats in use" lands on the field.
  await contoso.getByRole('button', { name: /^Edit/ }).click();
  const edit = admin.getByRole('dialog', { name: 'Edit Contoso Dental' });
  await expect(edit).toContainText('1 seat is in use');
  await edit.getByLabel('Seats', { exact: true }).fill('0');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.locator('#edit-client-seats-error')).toContainText('from 1 to');
  // No API can put more than one member in a client yet (member invitations come with the
  // organizations slice), so the server cannot be made to refuse a real count here: this one answer
  // is stubbed with the exact problem the API sends (api/src/routes/providers/clients.rs).
  await admin.route(/\/api\/v1\/providers\/[^/]+\/clients\/[^/]+$/, (route) => route.fulfill({
    status: 422,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      type: '/problems/validation', title: 'The request has invalid fields', status: 422,
      errors: [{ field: 'seats', code: 'below_used', message: '3 seats are in use; revoke or remove members first.' }],
    }),
  }), { times: 1 });
  await edit.getByLabel('Seats', { exact: true }).fill('2');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.locator('#edit-client-seats-error')).toHaveText('3 seats are in use; revoke or remove members first.');
  await expect(edit.getByLabel('Seats', { exact: true })).toBeFocused();
  await admin.screenshot({ path: `${SHOTS}/04-edit-below-used.png` });
  await edit.getByLabel('Seats', { exact: true }).fill('25');
  await edit.getByLabel('Plan').selectOption('enterprise');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText('Contoso Dental was saved.');
  await expect(contoso.getByTestId('seat-bar')).toContainText('1 / 25');
  await expect(contoso.getByTestId('client-plan')).toHaveText('Enterprise');

  // A pending client cannot be detached: the button says why instead of asking.
  const pendingDetach = contoso.getByRole('button', { name: /^Detach/ });
  await expect(pendingDetach).toHaveAttribute('aria-disabled', 'true');
  await pendingDetach.click({ force: true });
  await expect(admin.getByTestId('flash')).toContainText('Contoso Dental cannot be detached yet');
  await expect(admin.getByRole('dialog')).toHaveCount(0);

  // The client's Owner accepts the mailed invitation in a browser of their own.
  const invitation = await mail.waitFor(OWNER.email);
  expect(invitation.subject).toContain('Contoso Dental');
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const ownerErrors = watchErrors(owner, [404]);
  await registerFromInvitation(owner, linkIn(invitation), OWNER);
  await expect(owner.getByRole('heading', { name: 'You joined Contoso Dental' })).toBeVisible({ timeout: 30_000 });
  expect(ownerErrors, 'the owner page logged no errors').toEqual([]);
  await ownerContext.close();

  // The provider sees the Owner waiting for confirmation.
  await admin.reload();
  await unlock(admin, ADMIN);
  await expect(contoso.getByTestId('client-awaiting')).toHaveText('1');
  await expect(contoso.getByTestId('client-status')).toHaveText('Awaiting Owner');

  // The admin creates an organization of their own on the home page.
  await admin.goto('/');
  await unlock(admin, ADMIN);
  const orgs = admin.getByTestId('organizations-card');
  await expect(orgs.getByTestId('organizations-empty')).toBeVisible();
  await orgs.getByRole('button', { name: 'New organization' }).click();
  const newOrg = admin.getByRole('dialog', { name: 'New organization' });
  await expect(newOrg.getByLabel('Billing email')).toHaveValue(ADMIN.email);
  await newOrg.getByLabel('Name').fill('Northwind Internal');
  await newOrg.getByLabel('Seats', { exact: true }).fill('5');
  const orgRequest = admin.waitForRequest((r) => r.method() === 'POST' && /\/api\/v1\/organizations$/.test(r.url()));
  await newOrg.getByRole('button', { name: 'Create organization' }).click();
  const orgSent = JSON.parse((await orgRequest).postData());
  expect(Object.keys(orgSent).sort()).toEqual(['billing_email', 'name', 'plan', 'seats', 'wrapped_org_key']);
  expect(orgSent.wrapped_org_key).toMatch(WRAPPED_KEY);
  await expect(newOrg).toHaveCount(0);
  await expect(orgs.getByTestId('organizations-notice')).toContainText('Northwind Internal was created');
  const ownOrg = orgs.getByRole('link', { name: /Northwind Internal/ });
  await expect(ownOrg.getByTestId('member-type')).toHaveText('Owner');
  await expect(ownOrg.getByTestId('member-status')).toHaveText('Confirmed');
  await admin.screenshot({ path: `${SHOTS}/05-home-organizations.png`, fullPage: true });

  // …attaches it to the provider as a client…
  await admin.goto(providerUrl);
  await unlock(admin, ADMIN);
  await clients.getByRole('button', { name: 'Attach organization' }).click();
  const attach = admin.getByRole('dialog', { name: 'Attach an organization' });
  await expect(attach.getByLabel(/Northwind Internal/)).toBeChecked();
  await admin.screenshot({ path: `${SHOTS}/06-attach.png` });
  const attachRequest = admin.waitForRequest((r) => r.method() === 'POST' && /\/clients\/attach$/.test(r.url()));
  await attach.getByRole('button', { name: 'Attach as client' }).click();
  const attachSent = JSON.parse((await attachRequest).postData());
  expect(Object.keys(attachSent).sort()).toEqual(['organization_id', 'provider_wrapped_key']);
  expect(attachSent.provider_wrapped_key).toMatch(ENC_STRING);
  await expect(attach).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText(`Northwind Internal is now a client of ${providerName}`);
  const internal = admin.getByTestId('client-row').filter({ hasText: 'Northwind Internal' });
  await expect(internal.getByTestId('client-status')).toHaveText('Active');
  await expect(admin.getByTestId('summary-clients')).toHaveText('3');

  // …opens it from the list in one click…
  await internal.getByRole('link', { name: 'Northwind Internal' }).click();
  await expect(admin).toHaveURL(new RegExp(`/organizations/${attachSent.organization_id}$`));
  await expect(admin.getByTestId('organization-name')).toHaveText('Northwind Internal');
  await expect(admin.getByTestId('organization-how')).toHaveText(`You administer this client as a user of ${providerName}.`);
  await expect(admin.getByTestId('member-type')).toHaveText('Owner');
  await expect(admin.getByTestId('organization-key')).toContainText('Opens in this browser');
  await expect(admin.getByTestId('organization-seats').getByTestId('seat-bar')).toContainText('1 / 5');
  await expect(admin.getByRole('navigation', { name: 'Organization sections' }).getByRole('link', { name: 'Members' })).toBeVisible();
  await admin.screenshot({ path: `${SHOTS}/07-organization.png`, fullPage: true });

  // …and, back on the clients, detaches it after a warning.
  await admin.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Clients' }).click();
  await internal.getByRole('button', { name: /^Detach/ }).click();
  const detach = admin.getByRole('dialog', { name: 'Detach Northwind Internal?' });
  await expect(detach).toContainText(`${providerName} and all its users lose access at once`);
  await expect(detach).toContainText('The organization keeps working');
  await admin.screenshot({ path: `${SHOTS}/08-detach.png` });
  await detach.getByRole('button', { name: 'Detach client' }).click();
  await expect(detach).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText('Northwind Internal was detached.');
  await expect(internal).toHaveCount(0);
  await expect(admin.getByTestId('client-row')).toHaveCount(2);

  // Still the admin's own organization, no longer a client.
  await admin.goto(`/organizations/${attachSent.organization_id}`);
  await unlock(admin, ADMIN);
  await expect(admin.getByTestId('organization-how')).toHaveText('You are a confirmed Owner of this organization.');
  await expect(admin.getByTestId('organization-provider')).toHaveText('None (standalone)');

  // An instance administrator who is not a provider user sees the clients, read-only.
  await page.goto(providerUrl);
  await unlock(page, ROOT);
  await expect(page.getByTestId('clients-role-note')).toContainText('read-only');
  await expect(page.getByTestId('client-row')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'New client' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Edit/ })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/09-instance-admin.png`, fullPage: true });
  // A client organization is not theirs to open.
  await page.getByTestId('client-row').filter({ hasText: 'Contoso Dental' }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'This organization is not available to you' })).toBeVisible();

  expect(adminErrors, 'the admin page logged no errors').toEqual([]);
  await adminContext.close();
});
