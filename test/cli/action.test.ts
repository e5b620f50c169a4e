/**
 * The GitHub Action (action.yml → scripts/action.sh) run as GitHub runs it: bash, with the inputs
 * as environment variables, against the built CLI and a loopback GitHub.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/plans.js';
import { githubEnv, startFakeGitHub, type FakeGitHub } from '../integrations/fake-github.js';
import { gitlabEnv, startFakeGitLab } from '../integrations/fake-gitlab.js';

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
    expect(Object.keys(action.inputs)).toEqual(['plan', 'fail-on', 'comment', 'comment-key', 'comment-timeout', 'config', 'protect', 'sarif', 'html', 'working-directory', 'github-token']);
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

  it('comment-timeout bounds a GitHub API that never answers: exit 2, exit-code output 2', async () => {
    gh.fault({ method: 'GET', path: /comments$/, kind: 'hang', times: 99 });
    const env = githubEnv(gh, { GITHUB_EVENT_NAME: 'pull_request', PLANGUARD_PLAN: PASSES, PLANGUARD_COMMENT_TIMEOUT: '2' });
    const r = await runAction(env);
    expect(r.code).toBe(2);
    expect(r.output).toBe('exit-code=2\n');
    expect(r.stderr).toMatch(/GitHub API at 127\.0\.0\.1:\d+: no answer from GET \/repos\/octo\/infra\/issues\/7\/comments: timed out after .* gave up at the 2\.0 s deadline/);
  }, 30_000);

  it('on a pull request with the html input, the comment links to the run that keeps the page', async () => {
    const page = join(mkdtempSync(join(tmpdir(), 'pg-html-')), 'review.html');
    const env = githubEnv(gh, { GITHUB_EVENT_NAME: 'pull_request', PLANGUARD_PLAN: BLOCKED, PLANGUARD_HTML: page, GITHUB_RUN_ID: '4242', GITHUB_SERVER_URL: 'https://github.com' });
    const r = await runAction(env);
    expect(r.code).toBe(1);
    const body = gh.comments.find((c) => c.body.startsWith('<!-- planguard-review'))?.body ?? '';
    expect(body).toContain('[review.html](<https://github.com/octo/infra/actions/runs/4242>)');
  });

  it('the html input writes the HTML review', async () => {
    const page = join(mkdtempSync(join(tmpdir(), 'pg-html-')), 'review.html');
    const r = await runAction({ GITHUB_EVENT_NAME: 'push', PLANGUARD_PLAN: BLOCKED, PLANGUARD_HTML: page });
    expect(r.code).toBe(1);
    expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<g class="node target"/);
  });

  it('an empty plan input or an unreadable plan: exit 2', async () => {
    expect((await runAction({ PLANGUARD_PLAN: '  \n' })).code).toBe(2);
    const bad = await runAction({ GITHUB_EVENT_NAME: 'push', PLANGUARD_PLAN: 'fixtures/terraform/_bad/state.json' });
    expect(bad.code).toBe(2);
    expect(bad.output).toBe('exit-code=2\n');
  });
});

describe('the GitLab CI template', () => {
  const template = () => parse(readFileSync(join(ROOT, 'ci/planguard.gitlab-ci.yml'), 'utf8'))['.planguard'];

  /** The job's script as GitLab's shell runs it (bash, errexit and pipefail), with `planguard` on PATH only if `install` puts it there. */
  function runJob(vars: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const job = template();
    const bin = mkdtempSync(join(tmpdir(), 'pg-gitlab-bin-'));
    const node = dirname(process.execPath);
    const env = { ...job.variables, PLANGUARD_HTML: join(bin, 'review.html'), PATH: `${bin}:${node}:/usr/bin:/bin`, HOME: bin, PLANGUARD_BIN_DIR: bin, ...vars };
    return new Promise((resolve) => {
      const child = spawn('bash', ['-eo', 'pipefail', '-c', job.script.join('\n')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }
  /** A PLANGUARD_INSTALL that puts this checkout's CLI on PATH. */
  const INSTALL = `printf '#!/bin/sh\\nexec node ${join(ROOT, 'bin/planguard.js')} "$@"\\n' > "$PLANGUARD_BIN_DIR/planguard" && chmod +x "$PLANGUARD_BIN_DIR/planguard"`;

  it('parses, names no package it would install by default, and comments on merge requests and checks elsewhere', () => {
    const job = template();
    expect(job.image).toBe('node:20');
    expect(Object.keys(job.variables)).toEqual(['PLANGUARD_PLAN', 'PLANGUARD_FAIL_ON', 'PLANGUARD_KEY', 'PLANGUARD_COMMENT_TIMEOUT', 'PLANGUARD_HTML', 'PLANGUARD_INSTALL']);
    // planguard is not on the npm registry: a default `npm install planguard` would install whatever someone published under that name.
    expect(job.variables.PLANGUARD_INSTALL).toBe('');
    const script = job.script.join('\n');
    expect(script).toMatch(/planguard comment \$PLANGUARD_PLAN/);
    expect(script).toMatch(/planguard check \$PLANGUARD_PLAN/);
  });

  it('without planguard and without PLANGUARD_INSTALL: exit 2 and one line saying what to set', async () => {
    const r = await runJob({ PLANGUARD_PLAN: BLOCKED });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^planguard: not installed: set PLANGUARD_INSTALL to how this job installs it .*\n$/);
  });

  it('a failing PLANGUARD_INSTALL fails the job with exit 2', async () => {
    const r = await runJob({ PLANGUARD_PLAN: PASSES, PLANGUARD_INSTALL: 'exit 7' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PLANGUARD_INSTALL failed: exit 7/);
  });

  it('installed: the job exits with the gate (1 blocked, 0 passes) outside merge requests', async () => {
    const blocked = await runJob({ PLANGUARD_PLAN: BLOCKED, PLANGUARD_INSTALL: INSTALL });
    expect(blocked.stderr).toBe('');
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/^BLOCKED/m);
    const passes = await runJob({ PLANGUARD_PLAN: PASSES, PLANGUARD_INSTALL: INSTALL });
    expect(passes.code).toBe(0);
    expect(passes.stdout).toMatch(/^PASS/m);
  });

  it('in a merge request: the HTML review is written and the note links to the job artifact', async () => {
    const gl = await startFakeGitLab();
    try {
      const page = join(mkdtempSync(join(tmpdir(), 'pg-gl-html-')), 'review.html');
      const r = await runJob({ ...gitlabEnv(gl), PLANGUARD_PLAN: BLOCKED, PLANGUARD_INSTALL: INSTALL, PLANGUARD_HTML: page, CI_JOB_URL: 'https://gitlab.example/group/infra/-/jobs/77' });
      expect(r.code).toBe(1);
      expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>/);
      const note = gl.notes.find((n) => n.body.startsWith('<!-- planguard-review'))?.body ?? '';
      expect(note).toMatch(/\[review\.html\]\(<https:\/\/gitlab\.example\/group\/infra\/-\/jobs\/77\/artifacts\/file\/\S*review\.html>\)/);
    } finally {
      await gl.close();
    }
  });
});
