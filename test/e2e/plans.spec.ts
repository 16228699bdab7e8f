/**
 * Plans that name people: a shortage plan lists who fails and why, who waits
 * for the terms (with a copy-link button) and who is registered; a wrong-case
 * id gets "did you mean" and holds sending until the admin chooses; the plan
 * offers to deploy only to those who can get a license and sends just them.
 * Uninstall is refused for users who hold nothing, and warns in words, in
 * red, for those who do.
 */
import { expectNoOverAssignment } from '../helpers/over-assign';
import { expect, shoot, test, tokenFile } from './fixtures';
import { dismissToasts, importWithCli } from './ui-helpers';
import type { Simulator } from '../fakes/apple-simulator';
import type { Locator, Page } from '@playwright/test';

function target(sim: Simulator) {
  const assets = sim.listAssets();
  const asset = assets.find(
    (a) =>
      a.productType === 'App' &&
      a.availableCount >= 1 &&
      a.availableCount <= 3 &&
      assets.filter((b) => b.adamId === a.adamId).length === 1,
  );
  if (!asset) throw new Error('The demo organisation has no app with 1 to 3 licenses left.');
  const without = (id: string) => !sim.assignmentsOfUser(id).some((x) => x.adamId === asset.adamId);
  const accepted = sim
    .usersByStatus('Associated', 1000)
    .map((u) => u.clientUserId)
    .filter((id) => without(id) && id.toUpperCase() !== id)
    .slice(0, asset.availableCount + 2);
  const pending = sim.usersByStatus('Registered', 1000).find((u) => without(u.clientUserId))?.clientUserId;
  if (accepted.length !== asset.availableCount + 2 || !pending) throw new Error('Too few demo users.');
  return { asset, accepted, pending };
}

async function openDeploy(page: Page, name: string, adamId: string, ids: string[]): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Deployments' }).click();
  await page.getByRole('button', { name: 'Deploy app' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Deploy an app' });
  await dialog.getByRole('combobox', { name: 'App' }).fill(name);
  await dialog.getByRole('option').filter({ hasText: adamId }).click();
  await dialog.getByRole('tab', { name: 'Paste ids' }).click();
  await dialog.getByRole('textbox', { name: 'User ids' }).fill(ids.join('\n'));
  await dialog.getByRole('button', { name: 'Add to selection' }).click();
  return dialog;
}

test('a shortage plan names people, asks "did you mean", and deploys only to those who can get a license', async ({
  page,
  app,
  sim,
}) => {
  test.setTimeout(120_000);
  await importWithCli(app, await tokenFile(sim, app.home));
  const synced = await app.cli(['sync']);
  expect(synced.code, synced.stderr).toBe(0);
  await page.goto(app.url);

  const { asset, accepted, pending } = target(sim);
  const [first, ...rest] = accepted as [string, ...string[]];
  const typo = first.toUpperCase();
  const dialog = await openDeploy(page, asset.name, asset.adamId, [typo, ...rest, pending, 'new.hire.0042']);
  await dialog.getByRole('button', { name: 'Review plan' }).click();
  const review = page.getByRole('dialog', { name: 'Review the plan' });

  // The wrong-case id is not silently registered: sending waits for a choice.
  const lookalikes = review.getByTestId('plan-lookalikes');
  await expect(lookalikes).toContainText(`${typo}did you mean ${first}?`);
  await expect(review.getByTestId('plan-group-register')).not.toContainText(typo);
  await expect(review.getByTestId('confirm-deploy')).toHaveAttribute('title', /First choose what to do/);
  await lookalikes.getByRole('button', { name: `Use ${first}` }).click();
  await expect(review.getByTestId('plan-lookalikes')).toHaveCount(0);

  // Everyone named: who fails and why, who waits (with the link), who is registered.
  const failing = review.getByTestId('plan-group-fail');
  await expect(failing).toContainText(`Will fail (2)`);
  await expect(failing.getByRole('listitem')).toHaveCount(2);
  await expect(failing).toContainText('No licenses available');
  const waiting = review.getByTestId('plan-group-waiting');
  await expect(waiting).toContainText(pending);
  await expect(waiting.getByRole('button', { name: /Copy invitation link for/ })).toBeVisible();
  await expect(review.getByTestId('plan-group-register')).toContainText('new.hire.0042');

  // Not "Deploy to N users" when only some can succeed.
  const only = review.getByTestId('confirm-deploy-available');
  await expect(only).toHaveText(`Deploy only to the ${asset.availableCount} who can get a license`);
  await expect(review.getByTestId('confirm-deploy')).toHaveText(/Deploy to all \d+ anyway \(2 fail/);
  await dismissToasts(page);
  await shoot(page, 'deploy-plan');

  await only.click();
  const outcome = page.getByTestId('outcome');
  await expect(outcome).toBeVisible({ timeout: 30_000 });
  await expect(outcome.getByRole('list', { name: 'Outcome by status' })).not.toContainText('Failed');
  // Exactly those who could get one, nobody registered or queued to fail.
  const holders = accepted.filter((id) => sim.assignmentsOfUser(id).some((x) => x.adamId === asset.adamId));
  expect(holders).toHaveLength(asset.availableCount);
  expect(sim.usersByStatus('Registered', 100_000).some((u) => u.clientUserId === 'new.hire.0042')).toBe(false);
  expectNoOverAssignment(sim.associations, { adamId: asset.adamId, atLeast: 1 });
  await page.getByRole('button', { name: 'Close' }).last().click();

  // Uninstall for a user who holds nothing: blocked, with the reason.
  const holder = holders[0] as string;
  const nobody = accepted.find((id) => !holders.includes(id)) as string;
  const un = await openDeploy(page, asset.name, asset.adamId, [nobody]);
  await un.getByRole('radio', { name: /Uninstall/ }).check();
  await un.getByRole('button', { name: 'Review plan' }).click();
  const blocked = page.getByTestId('confirm-deploy');
  await expect(blocked).toHaveAttribute('aria-disabled', 'true');
  await expect(blocked).toHaveAttribute('title', /Nothing to uninstall: this user holds a license/);
  await expect(page.getByTestId('plan-group-nothing')).toContainText(nobody);

  // For a holder: the warning in words, and a red (destructive) button.
  await page.getByRole('button', { name: 'Back' }).click();
  await un.getByRole('button', { name: 'Clear', exact: true }).click();
  await un.getByRole('textbox', { name: 'User ids' }).fill(holder);
  await un.getByRole('button', { name: 'Add to selection' }).click();
  await un.getByRole('button', { name: 'Review plan' }).click();
  await expect(page.getByTestId('uninstall-warning')).toContainText(`${asset.name} leaves 1 user’s device`);
  const send = page.getByTestId('confirm-deploy');
  await expect(send).toHaveText('Uninstall for 1 user');
  await expect(send).toHaveClass(/btn-danger/);
  await expect(send).not.toHaveAttribute('aria-disabled', 'true');
});
