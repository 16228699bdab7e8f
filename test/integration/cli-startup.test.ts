// A command loads what it uses: `vpp-desk token status` and `vpp-desk apps` (often run from scripts, issue 9's
// timing) load neither the preview's HTTP server nor the diagnostics' zip writer; the commands that use them do.
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Store } from '../../electron/core/cache/store';
import { asset, tokenMeta } from '../helpers/cache';
import { runCli } from '../helpers/cli';
import { ManualClock } from '../helpers/clock';
import { tempDirs } from '../helpers/tmp-dirs';

const dir = tempDirs();

/** Preloaded into the CLI: records every module it requires (built-ins included) when it exits. */
const RECORDER = `
const Module = require('node:module');
const fs = require('node:fs');
const seen = new Set();
const original = Module.prototype.require;
Module.prototype.require = function (id) {
  seen.add(id.replace(/^node:/, ''));
  return original.apply(this, arguments);
};
process.on('exit', () => fs.writeFileSync(process.env.LOADS_OUT, JSON.stringify([...seen])));
`;

async function loadsOf(home: string, args: string[]): Promise<{ code: number; stdout: string; loads: string[] }> {
  const recorder = path.join(home, 'recorder.cjs');
  const out = path.join(home, `loads-${args[0] ?? ''}.json`);
  await fs.writeFile(recorder, RECORDER);
  const r = await runCli(args, {
    VPP_DESK_HOME: path.join(home, 'data'),
    VPP_DESK_API_URL: 'http://127.0.0.1:9/mdm/v2',
    NODE_OPTIONS: `--require ${recorder}`,
    LOADS_OUT: out,
  });
  return { code: r.code, stdout: r.stdout, loads: JSON.parse(await fs.readFile(out, 'utf8')) as string[] };
}

it('token status and apps load neither the HTTP server nor the zip writer; diagnostics does', async () => {
  const home = await dir();
  const store = await Store.open(path.join(home, 'data'), new ManualClock());
  await store.update(
    (d) => {
      d.token = tokenMeta();
      d.assets = [asset({ adamId: '1' })];
      d.appNames = { '1': 'Keynote' };
    },
    { snapshot: true },
  );

  const status = await loadsOf(home, ['token', 'status', '--json']);
  expect(status.code).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({ state: 'valid', label: 'School' });
  const apps = await loadsOf(home, ['apps', '--json']);
  expect(apps.code).toBe(0);
  expect(JSON.parse(apps.stdout)).toEqual([expect.objectContaining({ adamId: '1', name: 'Keynote' })]);
  for (const { loads } of [status, apps]) {
    expect(loads).toContain('fs'); // the recorder saw the CLI's requires
    expect(loads).not.toContain('http');
    expect(loads).not.toContain('zlib');
  }

  // The same recorder sees the zip writer where it is used.
  const diagnostics = await loadsOf(home, ['diagnostics', '--out', path.join(home, 'd.zip')]);
  expect(diagnostics.code).toBe(0);
  expect(diagnostics.loads).toContain('zlib');
});
