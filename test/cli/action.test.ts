/**
 * The GitHub Action (action.yml → scripts/action.sh) run as GitHub runs it: bash, with the inputs
 * as environment variables, against the built CLI and a loopback GitHub.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/plans.js';
import { githubEnv, startFakeGitHub, type FakeGitHub } from '../integrations/fake-github.js';

const BLOCKED = 'fixtures/terraform/handwritten-db-host-reimage/plan.json';
const PASSES = 'fixtures/terraform/creates-only/plan.json';

function runAction(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-action-'));
  const out = join(dir, 'github_output');
  return new Promise((resolve) => {
    const child = spawn('bash', [join(ROOT, 'scripts/action.sh')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: out, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, output: existsSync(out) ? readFileSync(out, 'utf8') : '' }));
  });
}

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => {
  await gh.close();
});

describe('the GitHub Action', () => {
  it('action.yml declares the inputs the script reads and passes them only through the environment', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    expect(Object.keys(action.inputs)).toEqual(['plan', 'fail-on', 'comment', 'comment-key', 'config', 'protect', 'sarif', 'working-directory', 'github-token']);
    const step = action.runs.steps[1];
    expect(step.run).toBe('bash "$GITHUB_ACTION_PATH/scripts/action.sh"');
    expect(Object.keys(step.env)).toContain('PLANGUARD_PLAN');
  });

  it('on a push: annotations and the review in the log, SARIF written, the gate as exit code', async () => {
    const sarif = join(mkdtempSync(join(tmpdir(), 'pg-sarif-')), 'planguard.sarif');
    const r = await runAction({ GITHUB_EVENT_NAME: 'push', PLANGUARD_PLAN: `${BLOCKED}\n`, PLANGUARD_SARIF: sarif, PLANGUARD_COMMENT: 'true' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error title=planguard%3A critical data-store-replaced/m);
    expect(r.output).toBe('exit-code=1\n');
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0');
    expect(gh.requests).toHaveLength(0);
  });

  it('on a pull request: one comment posted, protect globs from the input', async () => {
    const env = githubEnv(gh, { GITHUB_EVENT_NAME: 'pull_request', PLANGUARD_PLAN: PASSES, PLANGUARD_PROTECT: ' terraform_data.* \n\n' });
    const r = await runAction(env);
    expect(r.code).toBe(0);
    expect(gh.comments.filter((c) => c.body.startsWith('<!-- planguard-review'))).toHaveLength(1);
    expect(r.output).toBe('exit-code=0\n');
  });

  it('an empty plan input or an unreadable plan: exit 2', async () => {
    expect((await runAction({ PLANGUARD_PLAN: '  \n' })).code).toBe(2);
    const bad = await runAction({ GITHUB_EVENT_NAME: 'push', PLANGUARD_PLAN: 'fixtures/terraform/_bad/state.json' });
    expect(bad.code).toBe(2);
    expect(bad.output).toBe('exit-code=2\n');
  });
});

describe('the GitLab CI template', () => {
  it('parses, and its job comments on merge requests and checks elsewhere', () => {
    const t = parse(readFileSync(join(ROOT, 'ci/planguard.gitlab-ci.yml'), 'utf8'));
    const job = t['.planguard'];
    expect(job.image).toBe('node:20');
    expect(Object.keys(job.variables)).toEqual(['PLANGUARD_PLAN', 'PLANGUARD_FAIL_ON', 'PLANGUARD_KEY', 'PLANGUARD_INSTALL']);
    const script = job.script.join('\n');
    expect(script).toMatch(/planguard comment \$PLANGUARD_PLAN/);
    expect(script).toMatch(/planguard check \$PLANGUARD_PLAN/);
  });
});
