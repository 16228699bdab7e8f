/**
 * `npm run screenshots`: regenerates the README's pictures (docs/screens/)
 * from the demo organisation, through the preview host in Debian's Chromium.
 * A development tool; the tests take their own screenshots.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Page } from '@playwright/test';
import { startSimulator } from '../test/fakes/apple-simulator/index.ts';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs', 'screens');
const cli = path.join(root, 'dist', 'cli.cjs');

const sim = await startSimulator({ demo: true, seed: 7, apps: 24, users: 320, assignments: 520, eventDelayMs: 50 });
const home = await fs.mkdtemp(path.join(os.tmpdir(), 'vpp-desk-shots-'));
const env = {
  ...process.env,
  VPP_DESK_HOME: home,
  VPP_DESK_API_URL: sim.url,
  VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-screens-${process.pid}`,
};
// Async on purpose: the simulator answers from this same process.
const run = (args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      if (code === 0 || (code === 1 && args[0] === 'deploy')) resolve(stdout);
      else reject(new Error(`vpp-desk ${args.join(' ')}: ${stderr}`));
    });
  });

try {
  await fs.writeFile(path.join(home, 'demo.vpptoken'), sim.issueToken());
  await run([
    'token',
    'import',
    path.join(home, 'demo.vpptoken'),
    '--apple-id',
    'it-admin@example.edu',
    '--name',
    'Northwind HS',
    '--accept-account-lock',
  ]);
  await run(['sync']);
  // A few deployments so the Deployments page has every state to show.
  const apps = JSON.parse(await run(['apps', '--json'])) as Array<{
    adamId: string;
    name: string;
    pricingParam: string;
    availableCount: number;
  }>;
  const users = JSON.parse(await run(['users', '--json'])) as Array<{ clientUserId: string; termsStatus: string }>;
  const accepted = users.filter((u) => u.termsStatus === 'accepted').map((u) => u.clientUserId);
  const pending = users.filter((u) => u.termsStatus === 'pending').map((u) => u.clientUserId);
  const scarce = apps.filter((a) => a.pricingParam === 'STDQ' && a.availableCount > 0 && a.availableCount < 4)[0];
  const roomy = apps.filter((a) => a.pricingParam === 'STDQ' && a.availableCount >= 12)[0];
  if (scarce)
    await run([
      'deploy',
      scarce.adamId,
      '--pricing',
      'STDQ',
      '--users',
      [...accepted.slice(0, scarce.availableCount + 2), ...pending.slice(0, 2)].join(','),
      '--action',
      'required',
    ]);
  if (roomy) {
    await run([
      'deploy',
      roomy.adamId,
      '--pricing',
      'STDQ',
      '--users',
      [...accepted.slice(10, 18), ...pending.slice(2, 5), 'new.hire.0001'].join(','),
      '--action',
      'required',
    ]);
    await run([
      'deploy',
      roomy.adamId,
      '--pricing',
      'STDQ',
      '--users',
      accepted.slice(10, 12).join(','),
      '--action',
      'uninstall',
    ]);
  }

  const preview = spawn(process.execPath, [cli, 'preview', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise<string>((resolve) => createInterface({ input: preview.stdout }).once('line', resolve));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
  await page.goto(url);
  await fs.mkdir(out, { recursive: true });
  const shot = async (p: Page, name: string) => {
    await p.waitForTimeout(400);
    await p.screenshot({ path: path.join(out, `${name}.png`) });
    console.log(`docs/screens/${name}.png`);
  };
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();

  await nav('Token');
  await page.getByRole('heading', { name: 'VPP token' }).waitFor();
  await shot(page, 'token-page');
  await nav('Apps');
  await page.getByRole('table', { name: 'Volume-purchased apps' }).getByRole('row').nth(3).waitFor();
  await shot(page, 'apps-page');
  await nav('Users');
  await page
    .getByRole('table', { name: 'Users' })
    .getByRole('row')
    .nth(3)
    .getByRole('cell')
    .first()
    .filter({ hasText: /\w/ })
    .waitFor();
  await shot(page, 'users-page');
  await nav('Deployments');
  await page.getByRole('table').getByRole('row').nth(3).getByRole('cell').first().filter({ hasText: /\w/ }).waitFor();
  await shot(page, 'deployments-page');
  await nav('Activity');
  await page.getByRole('table').getByRole('row').nth(3).waitFor();
  await shot(page, 'activity-page');

  // A small laptop window (the sidebar collapses, low-priority columns hide), then the OS's dark mode.
  const loaded = (name: string) => page.getByRole('table', { name }).getByRole('row').nth(3).getByRole('cell').first();
  const pages: Array<[string, string, string]> = [
    ['Apps', 'Volume-purchased apps', 'apps'],
    ['Users', 'Users', 'users'],
    ['Deployments', 'Deployments', 'deployments'],
  ];
  await page.setViewportSize({ width: 1024, height: 700 });
  for (const [navName, table, file] of pages) {
    await nav(navName);
    await loaded(table).filter({ hasText: /\w/ }).waitFor();
    await shot(page, `${file}-1024`);
  }
  await page.setViewportSize({ width: 1360, height: 820 });
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const [navName, table, file] of pages) {
    await nav(navName);
    await loaded(table).filter({ hasText: /\w/ }).waitFor();
    await shot(page, `${file}-dark`);
  }
  await nav('Apps');
  await page
    .getByRole('button', { name: /^Deploy / })
    .first()
    .click();
  await page.getByRole('list', { name: 'Users' }).getByRole('checkbox').nth(2).waitFor();
  await page.getByRole('list', { name: 'Users' }).getByRole('checkbox').first().check();
  await shot(page, 'deploy-dark');

  await browser.close();
  preview.kill('SIGTERM');
} finally {
  await run(['token', 'remove']).catch(() => undefined);
  await sim.close();
  await fs.rm(home, { recursive: true, force: true });
}
