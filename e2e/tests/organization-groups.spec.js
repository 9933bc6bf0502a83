// Groups and collections of a client organization, and what revoking takes away: a provider admin
// invites two members into a client, both accept by the mailed link in browsers of their own and
// are confirmed; the admin creates a collection (Collections tab) and a group holding both members
// that reaches it (Groups tab), checks the effective access in the collection's access editor, then
// revokes the second member. The second member's own browser no longer reaches the organization
// (the 404 page, the API answers 404); the first still sees the collection with their level.
import { test, expect, ROOT, watchErrors } from '../fixtures.js';
import crypto from 'node:crypto';
import { mkdirSync } from 'node:fs';

test.use({ mailSink: true });

const SHOTS = '/tmp/shots-web3';
mkdirSync(SHOTS, { recursive: true });

const tag = crypto.randomBytes(3).toString('hex');
const ADMIN = { name: 'Gina Gateway', email: `admin.${tag}@msp.e2e.test`, password: 'tangerine walrus lantern e2e abyss' };
const OWNER_EMAIL = `owner.${tag}@fabrikam.e2e.test`;
const ANA = { name: 'Ana Alvarez', email: `ana.${tag}@fabrikam.e2e.test`, password: 'copper violin meadow e2e lotus' };
const BEN = { name: 'Ben Brooks', email: `ben.${tag}@fabrikam.e2e.test`, password: 'granite kettle orchid e2e swift' };
const CLIENT = 'Fabrikam Clinic';
const COLLECTION = 'Front desk passwords';
const GROUP = 'Front desk';

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

/** A member accepts the mailed invitation in a browser of their own, which stays open. */
async function accept(browser, mail, person) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await registerFromInvitation(page, linkIn(await mail.waitFor(person.email)), person);
  await expect(page.getByRole('heading', { name: `You joined ${CLIENT}` })).toBeVisible({ timeout: 30_000 });
  return { context, page, errors };
}

/** Opens a section of the organization in a member's browser (a fresh load: unlock first). */
async function openSection(page, person, path) {
  await page.goto(path);
  await unlock(page, person);
}

test('a group gives confirmed members a collection, and revoking takes it away', async ({ page, browser, mail }) => {
  test.setTimeout(300_000);
  const providerName = `Gateway IT ${tag}`;

  // ROOT creates the provider; its admin registers from the mail, sets it up and creates a client.
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
  await admin.getByTestId('provider-clients').getByRole('button', { name: 'New client' }).click();
  const create = admin.getByRole('dialog', { name: 'New client' });
  await create.getByLabel('Name').fill(CLIENT);
  await create.getByLabel("Owner's email").fill(OWNER_EMAIL);
  await create.getByLabel('Billing email').fill('billing@fabrikam.e2e.test');
  await create.getByLabel('Seats', { exact: true }).fill('10');
  await create.getByRole('button', { name: 'Create and invite Owner' }).click();
  await expect(create).toHaveCount(0);
  await admin.getByTestId('client-row').filter({ hasText: CLIENT }).getByRole('link', { name: CLIENT }).click();
  await expect(admin.getByTestId('organization-name')).toHaveText(CLIENT);
  const orgPath = new URL(admin.url()).pathname.replace(/\/$/, '');
  expect(orgPath).toMatch(/^\/organizations\/[0-9a-f-]+$/);
  const tabs = admin.getByRole('navigation', { name: 'Organization sections' });

  // Two members invited, both accept by the mailed link, both confirmed from the banner.
  await tabs.getByRole('link', { name: 'Members' }).click();
  const members = admin.getByTestId('organization-members');
  const rows = members.getByTestId('member-row');
  await members.getByRole('button', { name: 'Invite members' }).click();
  const invite = admin.getByRole('dialog', { name: 'Invite members' });
  await invite.getByLabel('Email addresses').fill(`${ANA.email}\n${BEN.email}`);
  await invite.getByRole('radio', { name: /^User/ }).check();
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  await expect(invite).toHaveCount(0);
  const anaBrowser = await accept(browser, mail, ANA);
  const benBrowser = await accept(browser, mail, BEN);

  await admin.reload();
  await unlock(admin, ADMIN);
  await expect(admin.getByTestId('awaiting-banner')).toContainText('2 members await confirmation');
  await admin.getByTestId('awaiting-banner').getByRole('link', { name: 'Review and confirm' }).click();
  const confirmAll = admin.getByRole('dialog', { name: 'Confirm members' });
  await expect(confirmAll.getByTestId('confirm-item')).toHaveCount(2);
  for (const box of await confirmAll.getByLabel('The fingerprint matches').all()) await box.check();
  await confirmAll.getByTestId('confirm-submit').click();
  await expect(confirmAll).toHaveCount(0);
  await expect(rows.filter({ hasText: ANA.email }).getByTestId('member-status')).toHaveText('Confirmed');
  await expect(rows.filter({ hasText: BEN.email }).getByTestId('member-status')).toHaveText('Confirmed');

  // The Collections tab: empty, then one collection.
  await tabs.getByTestId('tab-collections').click();
  await expect(admin).toHaveURL(new RegExp(`${orgPath}/collections$`));
  const collections = admin.getByTestId('organization-collections');
  await expect(collections.getByTestId('collections-empty')).toContainText('No collections yet');
  await admin.screenshot({ path: `${SHOTS}/01-collections-empty.png`, fullPage: true });
  await collections.getByTestId('new-collection').click();
  const newCollection = admin.getByRole('dialog', { name: 'New collection' });
  await newCollection.getByRole('button', { name: 'Create collection' }).click();
  await expect(newCollection.locator('#collection-name-error')).toContainText('Give the collection a name.');
  await newCollection.getByLabel('Name').fill(COLLECTION);
  await newCollection.getByLabel('Name').press('Enter');
  await expect(newCollection).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText(`The collection ${COLLECTION} is created.`);
  const collectionRow = collections.getByTestId('collection-row').filter({ hasText: COLLECTION });
  await expect(collectionRow).toHaveCount(1);
  await expect(collectionRow.getByTestId('collection-level')).toHaveText('Administrator');

  // The Groups tab: a group with both members that can edit the collection.
  await tabs.getByTestId('tab-groups').click();
  const groups = admin.getByTestId('organization-groups');
  await expect(groups.getByTestId('groups-empty')).toContainText('No groups yet');
  await groups.getByTestId('new-group').click();
  const groupDialog = admin.getByRole('dialog', { name: 'New group' });
  await groupDialog.getByLabel('Name').fill(GROUP);
  const memberSearch = groupDialog.getByRole('searchbox', { name: 'Find a member to add' });
  await memberSearch.fill('ana');
  await memberSearch.press('Enter');
  await memberSearch.fill('Brooks');
  await groupDialog.getByTestId('group-members').getByTestId('grant-match').filter({ hasText: 'Ben Brooks' }).click();
  await expect(groupDialog.getByTestId('group-members').getByTestId('grant-row')).toHaveCount(2);
  await groupDialog.getByRole('searchbox', { name: 'Find a collection to add' }).fill('front');
  await groupDialog.getByTestId('group-collections').getByTestId('grant-match').first().click();
  const level = groupDialog.getByRole('combobox', { name: `Access of ${COLLECTION}` });
  await expect(level.locator('option')).toHaveText([
    'Can view, except passwords', 'Can view', 'Can edit, except passwords', 'Can edit', 'Can manage',
  ]);
  await level.selectOption('can_edit');
  await admin.screenshot({ path: `${SHOTS}/02-group-dialog.png` });
  const groupRequest = admin.waitForRequest((r) => r.method() === 'POST' && /\/groups$/.test(r.url()), { timeout: 15_000 });
  await groupDialog.getByRole('button', { name: 'Create group' }).click();
  const sentGroup = JSON.parse((await groupRequest).postData());
  expect(sentGroup.members).toHaveLength(2);
  expect(sentGroup.collections.map((g) => g.level)).toEqual(['can_edit']);
  await expect(groupDialog).toHaveCount(0);
  const groupRow = groups.getByTestId('group-row').filter({ hasText: GROUP });
  await expect(groupRow.getByTestId('group-member-count')).toHaveText('2 members');
  await expect(groupRow.getByTestId('group-collection')).toContainText(COLLECTION);
  await expect(groupRow.getByTestId('access-level')).toHaveText('Can edit');
  await admin.screenshot({ path: `${SHOTS}/03-groups.png`, fullPage: true });

  // The access editor: Ana also gets "can view, except passwords" directly; the group's "can edit"
  // still wins for her (the most permissive level).
  await tabs.getByTestId('tab-collections').click();
  await collectionRow.getByRole('button', { name: /^Manage/ }).click();
  await collectionRow.getByTestId('menu-access').click();
  const access = admin.getByRole('dialog', { name: `Who has access to ${COLLECTION}` });
  const effective = access.getByTestId('effective-row');
  await expect(effective).toHaveCount(2);
  await expect(effective.filter({ hasText: 'Ana Alvarez' }).getByTestId('access-level')).toHaveText('Can edit');
  const accessSearch = access.getByRole('searchbox', { name: 'Find a member to add' });
  await accessSearch.fill('Ana');
  await accessSearch.press('Enter');
  await access.getByRole('combobox', { name: 'Access of Ana Alvarez' }).selectOption('can_view_except_passwords');
  await expect(effective.filter({ hasText: 'Ana Alvarez' })).toContainText('Directly: Can view, except passwords');
  await expect(effective.filter({ hasText: 'Ana Alvarez' }).getByTestId('access-level')).toHaveText('Can edit');
  await admin.screenshot({ path: `${SHOTS}/04-access-editor.png` });
  await access.getByRole('button', { name: 'Save access' }).click();
  await expect(access).toHaveCount(0);
  await expect(admin.getByTestId('flash')).toContainText(`Access to ${COLLECTION} is saved.`);

  // Both members see the collection in their own browser, with their level.
  for (const [who, b] of [[ANA, anaBrowser], [BEN, benBrowser]]) {
    await openSection(b.page, who, `${orgPath}/collections`);
    const own = b.page.getByTestId('organization-collections').getByTestId('collection-row');
    await expect(own).toHaveCount(1);
    await expect(own.getByTestId('collection-level')).toHaveText('Can edit');
  }
  await benBrowser.page.screenshot({ path: `${SHOTS}/05-member-collections.png`, fullPage: true });

  // Ben is revoked.
  await tabs.getByRole('link', { name: 'Members' }).click();
  const ben = rows.filter({ hasText: BEN.email });
  await ben.getByRole('button', { name: /^Manage/ }).click();
  await ben.getByTestId('menu-revoke').click();
  await admin.getByRole('dialog', { name: "Revoke Ben Brooks's access?" }).getByRole('button', { name: 'Revoke access' }).click();
  await expect(ben.getByTestId('member-status')).toHaveText('Revoked');

  // Ben's browser: the organization is not reachable, and the API answers 404.
  const orgAnswer = benBrowser.page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1${orgPath}`);
  await openSection(benBrowser.page, BEN, `${orgPath}/collections`);
  expect((await orgAnswer).status()).toBe(404);
  await expect(benBrowser.page.getByTestId('organization-not-found')).toBeVisible();
  await expect(benBrowser.page.getByTestId('organization-collections')).toHaveCount(0);
  await benBrowser.page.screenshot({ path: `${SHOTS}/06-revoked-member.png`, fullPage: true });

  // Ana still sees it, with her level; the access editor leaves Ben out.
  await openSection(anaBrowser.page, ANA, `${orgPath}/collections`);
  const anaRows = anaBrowser.page.getByTestId('organization-collections').getByTestId('collection-row');
  await expect(anaRows).toHaveCount(1);
  await expect(anaRows).toContainText(COLLECTION);
  await expect(anaRows.getByTestId('collection-level')).toHaveText('Can edit');
  await anaBrowser.page.screenshot({ path: `${SHOTS}/07-first-member-keeps.png`, fullPage: true });
  await tabs.getByTestId('tab-collections').click();
  await collectionRow.getByRole('button', { name: /^Manage/ }).click();
  await collectionRow.getByTestId('menu-access').click();
  await expect(access.getByTestId('effective-row')).toHaveCount(1);
  await expect(access.getByTestId('effective-row')).toContainText('Ana Alvarez');
  await admin.screenshot({ path: `${SHOTS}/08-access-after-revoke.png` });

  expect(adminErrors, 'the admin page logged no errors').toEqual([]);
  expect(anaBrowser.errors, "Ana's page logged no errors").toEqual([]);
  await anaBrowser.context.close();
  await benBrowser.context.close();
  await adminContext.close();
});
