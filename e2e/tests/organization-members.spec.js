// A client organization's members in the portal: a provider admin creates a client, invites two
// members from its Members tab, both accept by the mailed link in browsers of their own, the admin
// confirms the first from its row (the fingerprint shown is the one the member sees at home) and
// the second from the organization page's banner (only wrapped organization keys leave the
// browser), then revokes the second, who shows as revoked.
import { test, expect, ROOT, watchErrors } from '../fixtures.js';
import crypto from 'node:crypto';
import { mkdirSync } from 'node:fs';

test.use({ mailSink: true });

const SHOTS = '/tmp/shots-members';
mkdirSync(SHOTS, { recursive: true });

const tag = crypto.randomBytes(3).toString('hex');
const ADMIN = { name: 'Nora Northwind', email: `admin.${tag}@msp.e2e.test`, password: 'tangerine walrus lantern e2e abyss' };
const OWNER_EMAIL = `owner.${tag}@contoso.e2e.test`;
const ANA = { name: 'Ana Alvarez', email: `ana.${tag}@contoso.e2e.test`, password: 'copper violin meadow e2e lotus' };
const BEN = { name: 'Ben Brooks', email: `ben.${tag}@contoso.e2e.test`, password: 'granite kettle orchid e2e swift' };
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

/** A member accepts the mailed invitation in a browser of their own; returns their fingerprint. */
async function accept(browser, mail, person) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const invitation = await mail.waitFor(person.email);
  expect(invitation.subject).toContain('Contoso Dental');
  await registerFromInvitation(page, linkIn(invitation), person);
  await expect(page.getByRole('heading', { name: 'You joined Contoso Dental' })).toBeVisible({ timeout: 30_000 });
  // Client-side, so the keys stay unlocked.
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page.getByTestId('fingerprint')).not.toBeEmpty();
  const fingerprint = (await page.getByTestId('fingerprint').textContent()).replace(/\s+/g, ' ').trim();
  expect(fingerprint.length).toBeGreaterThan(10);
  expect(errors, `${person.email}'s page logged no errors`).toEqual([]);
  await context.close();
  return fingerprint;
}

test('a provider admin invites, confirms and revokes members of a client', async ({ page, browser, mail }) => {
  test.setTimeout(240_000);
  const providerName = `Northwind IT ${tag}`;

  // ROOT creates the provider; its admin registers from the mail and sets it up.
  await signIn(page, ROOT);
  await page.goto('/admin/providers');
  await unlock(page, ROOT);
  await page.getByRole('button', { name: 'New provider' }).first().click();
  const newProvider = page.getByRole('dialog', { name: 'New provider' });
  await newProvider.getByLabel('Name').fill(providerName);
  await newProvider.getByLabel("First admin's email").fill(ADMIN.email);
  await newProvider.getByRole('button', { name: 'Create and invite' }).click();
  await expect(newProvider).toHaveCount(0);

  const adminContext = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const admin = await adminContext.newPage();
  const adminErrors = watchErrors(admin);
  await registerFromInvitation(admin, linkIn(await mail.waitFor(ADMIN.email)), ADMIN);
  await expect(admin.getByRole('heading', { name: `Set up ${providerName}` })).toBeVisible({ timeout: 30_000 });
  await admin.getByRole('button', { name: 'Create the provider key and finish' }).click();
  await expect(admin.getByTestId('provider-name')).toHaveText(providerName);

  // A client with ten seats; its Owner is invited (and stays invited here).
  await admin.getByTestId('provider-clients').getByRole('button', { name: 'New client' }).click();
  const create = admin.getByRole('dialog', { name: 'New client' });
  await create.getByLabel('Name').fill('Contoso Dental');
  await create.getByLabel("Owner's email").fill(OWNER_EMAIL);
  await create.getByLabel('Billing email').fill('billing@contoso.e2e.test');
  await create.getByLabel('Seats', { exact: true }).fill('10');
  await create.getByRole('button', { name: 'Create and invite Owner' }).click();
  await expect(create).toHaveCount(0);
  await admin.getByTestId('client-row').filter({ hasText: 'Contoso Dental' }).getByRole('link', { name: 'Contoso Dental' }).click();
  await expect(admin.getByTestId('organization-name')).toHaveText('Contoso Dental');

  // The Members tab: the invited Owner, and two more invited at once.
  const tabs = admin.getByRole('navigation', { name: 'Organization sections' });
  await tabs.getByRole('link', { name: 'Members' }).click();
  await expect(admin).toHaveURL(/\/organizations\/[0-9a-f-]+\/members$/);
  const members = admin.getByTestId('organization-members');
  const rows = members.getByTestId('member-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.filter({ hasText: OWNER_EMAIL }).getByTestId('member-type')).toHaveText('Owner');
  await expect(rows.filter({ hasText: OWNER_EMAIL }).getByTestId('member-status')).toHaveText('Invited');

  await members.getByRole('button', { name: 'Invite members' }).click();
  const invite = admin.getByRole('dialog', { name: 'Invite members' });
  await expect(invite).toContainText('9 seats are free');
  await invite.getByLabel('Email addresses').fill(`${ANA.email}, not-an-address`);
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  await expect(invite.locator('#member-invite-emails-error')).toContainText('Not an email address: not-an-address.');
  await invite.getByLabel('Email addresses').fill(`${ANA.email}\n${BEN.email}`);
  await expect(invite.getByTestId('invite-count')).toHaveText('2 addresses.');
  // A Custom member's permissions show only when Custom is chosen.
  await invite.getByRole('radio', { name: /^Custom/ }).check();
  await expect(invite.getByTestId('permission-choice')).toBeVisible();
  await expect(invite.getByTestId('permission-choice').getByRole('checkbox')).toHaveCount(9);
  await admin.screenshot({ path: `${SHOTS}/01-invite-custom.png` });
  await invite.getByRole('radio', { name: /^User/ }).check();
  await expect(invite.getByTestId('permission-choice')).toHaveCount(0);
  const inviteRequest = admin.waitForRequest((r) => r.method() === 'POST' && /\/organizations\/[^/]+\/members$/.test(r.url()));
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  const invited = JSON.parse((await inviteRequest).postData());
  expect(invited.invites.map((i) => [i.email, i.type])).toEqual([[ANA.email, 'user'], [BEN.email, 'user']]);
  await expect(invite).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText('Invitations were sent to 2 people.');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: ANA.email }).getByTestId('member-status')).toHaveText('Invited');
  await admin.screenshot({ path: `${SHOTS}/02-invited.png`, fullPage: true });

  // The filters: by status and by search.
  await members.getByLabel('Type').selectOption('owner');
  await expect(rows).toHaveCount(1);
  await members.getByLabel('Type').selectOption('');
  await members.getByRole('searchbox', { name: 'Search members by name or email' }).fill(`ben.${tag}`);
  await expect(rows).toHaveCount(1);
  await members.getByRole('searchbox', { name: 'Search members by name or email' }).fill('');
  await expect(rows).toHaveCount(3);

  // Both accept by the mailed link.
  const anaFingerprint = await accept(browser, mail, ANA);
  const benFingerprint = await accept(browser, mail, BEN);

  // The admin sees them waiting: the banner on the organization page, and "Needs confirmation".
  await admin.reload();
  await unlock(admin, ADMIN);
  await expect(admin.getByTestId('awaiting-banner')).toContainText('2 members await confirmation');
  await expect(rows.filter({ hasText: ANA.email }).getByTestId('member-status')).toHaveText('Needs confirmation');
  await expect(members.getByTestId('members-count')).toContainText('2 waiting for confirmation');
  await admin.screenshot({ path: `${SHOTS}/03-accepted.png`, fullPage: true });

  // Ana from her row: the fingerprint shown is the one she sees at home.
  await rows.filter({ hasText: ANA.email }).getByRole('button', { name: /^Confirm/ }).click();
  const confirmOne = admin.getByRole('dialog', { name: 'Confirm Ana Alvarez' });
  const shown = confirmOne.getByTestId('confirm-fingerprint');
  await expect(shown).toBeVisible();
  expect((await shown.getAttribute('aria-label')).replace(/\s+/g, ' ').trim()).toBe(anaFingerprint);
  await admin.screenshot({ path: `${SHOTS}/04-confirm-one.png` });
  const confirmRequest = admin.waitForRequest((r) => r.method() === 'POST' && /\/members\/confirm$/.test(r.url()));
  await confirmOne.getByRole('button', { name: 'Fingerprints match: confirm' }).click();
  const sentOne = JSON.parse((await confirmRequest).postData());
  expect(sentOne.confirmations).toHaveLength(1);
  expect(Object.keys(sentOne.confirmations[0]).sort()).toEqual(['member_id', 'wrapped_org_key']);
  expect(sentOne.confirmations[0].wrapped_org_key).toMatch(WRAPPED_KEY);
  await expect(confirmOne).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText('Ana Alvarez is confirmed');
  await expect(rows.filter({ hasText: ANA.email }).getByTestId('member-status')).toHaveText('Confirmed');
  await expect(admin.getByTestId('awaiting-banner')).toContainText('1 member awaits confirmation');

  // Ben from the banner: every waiting member, each ticked after comparing.
  await admin.getByTestId('awaiting-banner').getByRole('link', { name: 'Review and confirm' }).click();
  const confirmAll = admin.getByRole('dialog', { name: 'Confirm members' });
  const item = confirmAll.getByTestId('confirm-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Ben Brooks');
  expect((await item.getByTestId('confirm-fingerprint').getAttribute('aria-label')).replace(/\s+/g, ' ').trim()).toBe(benFingerprint);
  await expect(confirmAll.getByTestId('confirm-submit')).toHaveAttribute('aria-disabled', 'true');
  await item.getByLabel('The fingerprint matches').check();
  await expect(confirmAll.getByTestId('confirm-submit')).toHaveText('Confirm 1 member');
  await admin.screenshot({ path: `${SHOTS}/05-confirm-all.png` });
  const confirmAllRequest = admin.waitForRequest((r) => r.method() === 'POST' && /\/members\/confirm$/.test(r.url()));
  await confirmAll.getByTestId('confirm-submit').click();
  const sentAll = JSON.parse((await confirmAllRequest).postData());
  expect(sentAll.confirmations).toHaveLength(1);
  expect(sentAll.confirmations[0].wrapped_org_key).toMatch(WRAPPED_KEY);
  await expect(confirmAll).toHaveCount(0);
  await expect(rows.filter({ hasText: BEN.email }).getByTestId('member-status')).toHaveText('Confirmed');
  await expect(admin.getByTestId('awaiting-banner')).toHaveCount(0);

  // Ana becomes a Custom member with two permissions.
  const ana = rows.filter({ hasText: ANA.email });
  await ana.getByRole('button', { name: /^Manage/ }).click();
  await ana.getByTestId('menu-edit').click();
  const edit = admin.getByRole('dialog', { name: 'Change Ana Alvarez' });
  await edit.getByRole('radio', { name: /^Custom/ }).check();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.locator('#edit-permissions-error')).toContainText('Choose at least one permission');
  await edit.getByRole('checkbox', { name: /^Manage groups/ }).check();
  await edit.getByRole('checkbox', { name: /^Read the event log/ }).check();
  await admin.screenshot({ path: `${SHOTS}/06-edit.png` });
  const patchRequest = admin.waitForRequest((r) => r.method() === 'PATCH' && /\/members\/[^/]+$/.test(r.url()));
  await edit.getByRole('button', { name: 'Save changes' }).click();
  const patch = JSON.parse((await patchRequest).postData());
  expect(patch.type).toBe('custom');
  expect(Object.entries(patch.permissions).filter(([, on]) => on).map(([k]) => k).sort()).toEqual(['access_event_logs', 'manage_groups']);
  await expect(edit).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText('Ana Alvarez is now a Custom member with 2 permissions.');
  await expect(ana.getByTestId('member-type')).toContainText('Custom');
  await expect(ana.getByTestId('member-type')).toContainText('2 permissions');

  // Ben is revoked after a warning, and shows as revoked.
  const ben = rows.filter({ hasText: BEN.email });
  await ben.getByRole('button', { name: /^Manage/ }).click();
  await ben.getByTestId('menu-revoke').click();
  const revoke = admin.getByRole('dialog', { name: "Revoke Ben Brooks's access?" });
  await expect(revoke).toContainText('They lose access at once');
  await admin.screenshot({ path: `${SHOTS}/07-revoke.png` });
  await revoke.getByRole('button', { name: 'Revoke access' }).click();
  await expect(revoke).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText("Ben Brooks's access is revoked.");
  await expect(ben.getByTestId('member-status')).toHaveText('Revoked');
  await expect(rows.filter({ hasText: ANA.email }).getByTestId('member-status')).toHaveText('Confirmed');
  await members.getByLabel('Status').selectOption('revoked');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(BEN.email);
  await members.getByLabel('Status').selectOption('');
  await admin.screenshot({ path: `${SHOTS}/08-revoked.png`, fullPage: true });

  expect(adminErrors, 'the admin page logged no errors').toEqual([]);
  await adminContext.close();
});
