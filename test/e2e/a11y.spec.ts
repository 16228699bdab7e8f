/**
 * The accessibility gate: axe-core finds no WCAG 2.1 A/AA violation on any
 * page or dialog, at 1024×700, in the light and the dark colour scheme
 * (the window follows the OS's). Text contrast is part of it (4.5:1).
 */
import { expectNoAxeViolations, openPage, seed, settle } from './a11y-helpers';
import { expect, test, tokenFile } from './fixtures';

test.use({ viewport: { width: 1024, height: 700 } });

for (const scheme of ['light', 'dark'] as const) {
  test(`every page and dialog passes axe in the ${scheme} scheme at 1024×700`, async ({ page, app, sim }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    await seed(app, sim, await tokenFile(sim, app.home));
    await page.goto(app.url);
    // The scheme really applies: the page background follows the OS setting.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe(scheme === 'dark' ? 'rgb(20, 23, 29)' : 'rgb(244, 245, 247)');

    for (const name of ['Token', 'Overview', 'Apps', 'Users', 'Devices', 'Deployments', 'Activity', 'Reclaim']) {
      await openPage(page, name);
      await expectNoAxeViolations(page, `${name} page`);
    }

    // The column chooser, open.
    await openPage(page, 'Apps');
    await page.getByRole('button', { name: /^Columns of Volume-purchased apps/ }).click();
    await expect(page.getByRole('group', { name: 'Show columns' })).toBeVisible();
    await expectNoAxeViolations(page, 'Apps column chooser');
    await page.keyboard.press('Escape');

    // An app's detail page, and a user's.
    const firstApp = page.getByTestId('apps-table').getByRole('row').nth(1).getByRole('button').first();
    await firstApp.click();
    await settle(page);
    await expectNoAxeViolations(page, 'App detail page');
    await openPage(page, 'Users');
    await page.getByTestId('users-table').getByRole('row').nth(1).getByRole('button').first().click();
    await settle(page);
    await expectNoAxeViolations(page, 'User detail page');
    await page.getByRole('button', { name: 'Revoke all' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(page, 'Revoke all dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    // The upload dialog.
    await openPage(page, 'Token');
    await page
      .locator('.page-header')
      .getByRole('button', { name: /^Upload (renewal|new token)$/ })
      .click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(page, 'Upload dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    // The deploy dialog: composing with users picked, the discard question, and the plan.
    await openPage(page, 'Apps');
    await page
      .getByTestId('apps-table')
      .getByRole('button', { name: /^Deploy / })
      .first()
      .click();
    const dialog = page.getByTestId('deploy-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('list', { name: 'Users' }).getByRole('checkbox').first().check();
    await dialog.getByRole('list', { name: 'Users' }).getByRole('checkbox').nth(1).check();
    await expectNoAxeViolations(page, 'Deploy dialog (compose)');
    await page.keyboard.press('Escape');
    await expect(dialog.getByRole('alertdialog', { name: 'Discard changes?' })).toBeVisible();
    await expectNoAxeViolations(page, 'Deploy dialog (discard question)');
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    await dialog.getByRole('button', { name: 'Review plan' }).click();
    await expect(dialog.getByRole('heading', { name: 'Review the plan' })).toBeVisible();
    await expectNoAxeViolations(page, 'Deploy dialog (plan)');
  });
}
