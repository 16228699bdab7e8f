// The CI workflow cannot run here: check it against GitHub's workflow schema
// (SchemaStore's, vendored in test/fixtures/schemas) and that it does what
// the project needs on macOS, Windows and Linux.
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const schema = JSON.parse(
  fs.readFileSync(path.join(root, 'test/fixtures/schemas/github-workflow.json'), 'utf8'),
) as object;

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix: { os?: string[]; include?: Array<{ os: string }> } };
  steps: Step[];
}
const workflow = yaml.load(fs.readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8')) as {
  jobs: Record<string, Job>;
};

function osesOf(job: Job): string[] {
  const m = job.strategy?.matrix;
  return [...(m?.os ?? []), ...(m?.include ?? []).map((i) => i.os)];
}

function job(name: string): Job {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`no job "${name}" in ci.yml`);
  return found;
}

const runs = (j: Job) => j.steps.map((s) => s.run ?? '').join('\n');

describe('.github/workflows/ci.yml', () => {
  it('is a valid GitHub workflow', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(workflow), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('the schema really refuses a broken workflow', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ on: 'push', jobs: { test: { steps: [{ run: 'x' }] } } })).toBe(false);
  });

  it('tests on macOS, Windows and Linux with Electron’s real binary, smoke test included', () => {
    const test = job('test');
    expect(osesOf(test).sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    const commands = runs(test);
    expect(commands).toContain('npm ci');
    expect(commands).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(commands).toContain('node scripts/electron-fetch.mjs');
    // npm test runs test:all, whose Playwright projects include the _electron smoke test.
    expect(commands).toMatch(/npm test|npm run test:all/);
  });

  it('builds the installers on all three and keeps them as artifacts', () => {
    const installers = job('installers');
    expect(osesOf(installers).sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    expect(runs(installers)).toContain('npm run dist');
    const upload = installers.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(String(upload?.with?.path)).toMatch(/\.dmg[\s\S]*\.exe[\s\S]*\.AppImage[\s\S]*\.deb/);
  });
});
