// The provider's Users and Events pages: a Provider Admin invites a Service User by mail, the
// Service User accepts in a browser of their own, the admin confirms them after comparing key
// fingerprints (only the wrapped provider key leaves the admin's browser), changes their type,
// revokes and restores them, and is refused when demoting themselves as the last admin. The event
// log then lists these actions and filters them.
import { test, expect, ROOT, watchErrors } from '../fixtures.js';
import crypto from 'node:crypto';
import { mkdirSync } from 'node:fs';

// Mail goes to the fixture's SMTP sink. Provoked on purpose: an address already invited (422), the last-admin refusal (409), the
// Service User's look at the admins-only event log (403).
test.use({ mailSink: true, allowedApiErrors: [403, 409] });

const SHOTS = '/tmp/shots-users';
mkdirSync(SHOTS, { recursive: true });

const tag = crypto.randomBytes(3).toString('hex');
const ADMIN = { name: 'Nora Northwind', email: `nora.${tag}@msp.e2e.test`, password: 'tangerine walrus lantern e2e abyss' };
const TECH = { name: 'Theo Tech', email: `theo.${tag}@msp.e2e.test`, password: 'copper meadow e2e violin harbor' };

async function signIn(page, person) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('greeting')).toBeVisible();
}

/** Opens `path` with a reload, which locks the session, and unlocks it again. */
async function gotoAndUnlock(page, path, person) {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible();
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** The instance administrator creates a provider whose first admin is `adminEmail`. */
async function createProvider(page, name, adminEmail) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Providers' }).click();
  await page.getByRole('button', { name: 'New provider' }).first().click();
  const create = page.getByRole('dialog', { name: 'New provider' });
  await create.getByLabel('Name').fill(name);
  await create.getByLabel("First admin's email").fill(adminEmail);
  await create.getByRole('button', { name: 'Create and invite' }).click();
  await expect(create).toHaveCount(0);
}

/** The link of the invitation mailed to `email`. */
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

/** The row of the users table for `email`. */
const userRow = (page, email) => page.getByTestId('user-row').filter({ has: page.getByText(email, { exact: true }) });

/** Chooses `item` from the Manage menu of `email`'s row, using the keyboard for the menu. */
async function manage(page, email, item) {
  const row = userRow(page, email);
  await row.getByRole('button', { name: /^Manage/ }).click();
  await row.getByRole('button', { name: item }).click();
}

/** Shows the Users section again (it loads afresh). */
async function openUsers(page) {
  await page.getByRole('navigation', { name: 'Provider sections' }).getByRole('link', { name: 'Clients' }).click();
  await page.getByRole('navigation', { name: 'Provider sections' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByTestId('users-table')).toBeVisible();
}

test('a Provider Admin invites, confirms and manages a Service User; the event log shows it', async ({ page, browser, mail }) => {
  test.setTimeout(240_000);
  const providerName = `Contoso MSP ${tag}`;

  // The instance administrator creates the provider; its first admin sets it up.
  await signIn(page, ROOT);
  await createProvider(page, providerName, ADMIN.email);
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const admin = await adminContext.newPage();
  const adminErrors = watchErrors(admin, [404, 409, 422]);
  await registerFromInvitation(admin, await invitationLink(mail, ADMIN.email), ADMIN);
  await expect(admin.getByRole('heading', { name: `Set up ${providerName}` })).toBeVisible({ timeout: 30_000 });
  await admin.getByRole('button', { name: 'Create the provider key and finish' }).click();
  await expect(admin.getByTestId('provider-name')).toHaveText(providerName);
  const providerUrl = admin.url();

  // The Users page: the admin alone, marked as "You".
  await admin.getByRole('navigation', { name: 'Provider sections' }).getByRole('link', { name: 'Users' }).click();
  await expect(admin.getByTestId('arriving')).toHaveCount(0);
  const me = userRow(admin, ADMIN.email);
  await expect(me.getByTestId('user-status')).toHaveText('Confirmed');
  await expect(me.getByTestId('user-type')).toHaveText('Provider Admin');
  await expect(me.getByText('You', { exact: true })).toBeVisible();
  await expect(admin.getByTestId('users-read-only')).toHaveCount(0);

  // Invite: the form checks the addresses first, by the field.
  await admin.getByRole('button', { name: 'Invite people' }).click();
  const invite = admin.getByRole('dialog', { name: 'Invite people' });
  const emails = invite.getByLabel('Email addresses');
  await expect(emails).toBeFocused();
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  await expect(emails).toHaveAttribute('aria-invalid', 'true');
  await expect(invite.locator('#invite-emails-error')).toHaveText('Enter at least one email address.');
  await emails.fill(`${TECH.email}, not-an-address`);
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  await expect(invite.locator('#invite-emails-error')).toContainText('not-an-address');
  await emails.fill(`${TECH.email}\n${ADMIN.email}`);
  await expect(invite.getByTestId('invite-count')).toHaveText('2 addresses.');
  // The server's answer by field: the admin is already a user.
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  await expect(invite.locator('#invite-emails-error')).toContainText(`${ADMIN.email}: This address is already a user`);
  await emails.fill(TECH.email);
  await expect(invite.getByRole('radio', { name: 'Service User' })).toBeChecked();
  await admin.screenshot({ path: `${SHOTS}/01-invite-dialog.png` });
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  await expect(invite).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText(`An invitation was sent to ${TECH.email}.`);
  await expect(userRow(admin, TECH.email).getByTestId('user-status')).toHaveText('Invited');
  await expect(userRow(admin, TECH.email).getByTestId('user-type')).toHaveText('Service User');

  // The Service User accepts in a browser of their own and reads their fingerprint.
  const techContext = await browser.newContext();
  const tech = await techContext.newPage();
  const techErrors = watchErrors(tech, [403, 404]);
  await registerFromInvitation(tech, await invitationLink(mail, TECH.email), TECH);
  await expect(tech.getByRole('heading', { name: `You joined ${providerName}` })).toBeVisible({ timeout: 30_000 });
  await gotoAndUnlock(tech, '/settings/account', TECH);
  const techFingerprint = (await tech.getByTestId('settings-fingerprint').textContent()).trim();
  expect(techFingerprint).toMatch(/^\d{5}( \d{5}){5}$/);

  // The admin sees them waiting and confirms after comparing the fingerprint.
  await openUsers(admin);
  const techRow = userRow(admin, TECH.email);
  await expect(techRow.getByTestId('user-status')).toHaveText('Needs confirmation');
  await expect(admin.getByTestId('users-count')).toContainText('1 waiting for confirmation');
  await admin.screenshot({ path: `${SHOTS}/02-users-needs-confirmation.png` });
  await techRow.getByRole('button', { name: `Confirm ${TECH.name}` }).click();
  const confirm = admin.getByRole('dialog', { name: `Confirm ${TECH.name}` });
  await expect(confirm.getByTestId('confirm-fingerprint')).toHaveAttribute('aria-label', techFingerprint);
  await expect(confirm).toContainText('read the fingerprint shown in their account settings');
  await admin.screenshot({ path: `${SHOTS}/03-confirm-dialog.png` });
  const confirmRequest = admin.waitForRequest((r) => r.method() === 'POST' && /\/users\/[^/]+\/confirm$/.test(r.url()));
  await confirm.getByRole('button', { name: 'Fingerprints match: confirm' }).click();
  const sent = JSON.parse((await confirmRequest).postData());
  expect(Object.keys(sent)).toEqual(['wrapped_provider_key']);
  expect(sent.wrapped_provider_key).toMatch(/^v1\.hpke-x25519\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{64}$/);
  await expect(confirm).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText(`${TECH.name} is confirmed.`);
  await expect(techRow.getByTestId('user-status')).toHaveText('Confirmed');

  // The last confirmed Provider Admin cannot demote themselves: the refusal says why.
  await manage(admin, ADMIN.email, 'Make me a Service User');
  const demote = admin.getByRole('dialog', { name: 'Make yourself a Service User?' });
  await demote.getByRole('button', { name: 'Make me a Service User' }).click();
  await expect(demote.getByTestId('last-admin')).toContainText('This is the last confirmed Provider Admin');
  await admin.screenshot({ path: `${SHOTS}/04-last-admin.png` });
  await demote.getByRole('button', { name: 'Cancel' }).click();
  await expect(demote).toHaveCount(0);
  await expect(me.getByTestId('user-type')).toHaveText('Provider Admin');

  // Type changes both ways, from the keyboard-usable row menu.
  const techManage = techRow.getByRole('button', { name: /^Manage/ });
  await techManage.focus();
  await admin.keyboard.press('Enter');
  await expect(techRow.getByRole('button', { name: 'Make Provider Admin' })).toBeFocused();
  await admin.keyboard.press('Escape');
  await expect(techManage).toBeFocused();
  await expect(techRow.getByRole('button', { name: 'Make Provider Admin' })).toBeHidden();
  await manage(admin, TECH.email, 'Make Provider Admin');
  await expect(admin.getByTestId('flash')).toContainText(`${TECH.name} is now a Provider Admin.`);
  await expect(techRow.getByTestId('user-type')).toHaveText('Provider Admin');
  await manage(admin, TECH.email, 'Make Service User');
  await expect(techRow.getByTestId('user-type')).toHaveText('Service User');

  // Revoke (after a confirmation that says what it means), then restore.
  await manage(admin, TECH.email, 'Revoke access…');
  const revoke = admin.getByRole('dialog', { name: `Revoke ${TECH.name}'s access?` });
  await expect(revoke).toContainText('Nothing is deleted.');
  await revoke.getByRole('button', { name: 'Revoke access' }).click();
  await expect(revoke).toHaveCount(0);
  await expect(techRow.getByTestId('user-status')).toHaveText('Revoked');
  await admin.getByLabel('Status').selectOption('revoked');
  await expect(admin.getByTestId('user-row')).toHaveCount(1);
  await admin.screenshot({ path: `${SHOTS}/05-users-revoked-filter.png` });
  await admin.getByLabel('Status').selectOption('');
  await manage(admin, TECH.email, 'Restore access');
  await expect(admin.getByTestId('flash')).toContainText(`${TECH.name}'s access is restored.`);
  await expect(techRow.getByTestId('user-status')).toHaveText('Confirmed');

  // Search narrows the list.
  await admin.getByRole('searchbox', { name: 'Search users by name or email' }).fill('theo');
  await expect(admin.getByTestId('user-row')).toHaveCount(1);
  await admin.getByRole('searchbox', { name: 'Search users by name or email' }).fill('nobody-here');
  await expect(admin.getByTestId('users-empty')).toContainText('No users match');
  await admin.getByRole('button', { name: 'Clear search and filters' }).click();
  await expect(admin.getByTestId('user-row')).toHaveCount(2);
  await admin.screenshot({ path: `${SHOTS}/06-users.png`, fullPage: true });

  // The event log lists what happened, newest first, and filters by action.
  await admin.getByRole('navigation', { name: 'Provider sections' }).getByRole('link', { name: 'Events' }).click();
  const events = admin.getByTestId('events-table');
  await expect(events).toBeVisible();
  for (const action of ['provider_user.invited', 'provider_user.accepted', 'provider_user.confirmed', 'provider_user.updated', 'provider_user.revoked', 'provider_user.restored']) {
    await expect(events.locator(`[data-action="${action}"]`).first()).toBeVisible();
  }
  await expect(events.getByTestId('event-row').first()).toHaveAttribute('data-action', 'provider_user.restored');
  await expect(events.locator('[data-action="provider_user.revoked"]')).toContainText("Revoked a user's access");
  await expect(events.locator('[data-action="provider_user.revoked"]')).toContainText(TECH.email);
  await admin.screenshot({ path: `${SHOTS}/07-events.png`, fullPage: true });
  await admin.getByLabel('Action').selectOption('provider_user.revoked');
  await expect(events.getByTestId('event-row')).toHaveCount(1);
  await admin.getByLabel('Action').selectOption('provider_user.updated');
  await expect(events.getByTestId('event-row')).toHaveCount(2);
  await expect(events.getByTestId('event-row').first()).toContainText("Changed a user's type to Service User");
  // By person: the Service User accepted their own invitation.
  await admin.getByLabel('Action').selectOption('');
  await admin.getByLabel('By').selectOption({ label: TECH.email });
  await expect(events.getByTestId('event-row')).toHaveCount(1);
  await expect(events.getByTestId('event-row')).toHaveAttribute('data-action', 'provider_user.accepted');
  // A day range in the past holds nothing.
  await admin.getByLabel('By').selectOption('');
  await admin.getByLabel('From').fill('2020-01-01');
  await admin.getByLabel('To').fill('2020-01-31');
  await expect(admin.getByTestId('events-empty')).toContainText('No events match these filters');
  await admin.screenshot({ path: `${SHOTS}/08-events-empty.png` });
  await admin.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(events.getByTestId('event-row').first()).toBeVisible();

  // The Service User sees the list read-only, and not the event log.
  await gotoAndUnlock(tech, `${providerUrl}/users`, TECH);
  await expect(tech.getByTestId('users-read-only')).toContainText('You are a Service User');
  await expect(tech.getByRole('button', { name: 'Invite people' })).toHaveCount(0);
  await expect(userRow(tech, ADMIN.email).getByRole('button', { name: /^Manage/ })).toHaveCount(0);
  await expect(userRow(tech, TECH.email).getByRole('button', { name: 'Leave provider' })).toBeVisible();
  await tech.screenshot({ path: `${SHOTS}/09-users-service-user.png` });
  await tech.getByRole('navigation', { name: 'Provider sections' }).getByRole('link', { name: 'Events' }).click();
  await expect(tech.getByTestId('events-forbidden')).toContainText("Only Provider Admins can see the provider's event log");

  // The Service User leaves, and lands on the home page.
  await tech.getByRole('navigation', { name: 'Provider sections' }).getByRole('link', { name: 'Users' }).click();
  await userRow(tech, TECH.email).getByRole('button', { name: 'Leave provider' }).click();
  const leave = tech.getByRole('dialog', { name: `Leave ${providerName}?` });
  await leave.getByRole('button', { name: 'Leave provider' }).click();
  await expect(tech.getByText(`You left ${providerName}.`)).toBeVisible();
  await expect(tech.getByTestId('greeting')).toBeVisible();

  expect(adminErrors, 'the admin page logged no errors').toEqual([]);
  expect(techErrors, 'the Service User page logged no errors').toEqual([]);
  await techContext.close();
  await adminContext.close();
});
