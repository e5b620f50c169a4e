/** `planguard comment --platform gitlab` (or GITLAB_CI=true) against a loopback GitLab (fake-gitlab.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { gitlabEnv, startFakeGitLab, type FakeGitLab } from './fake-gitlab.js';
import { bigPlanFile } from './big-plan.js';

const BLOCKED = 'fixtures/terraform/foreach-key-rename/plan.json';
const PASSES = 'fixtures/terraform/foreach-key-rename-moved/plan.json';

let gl: FakeGitLab;
beforeEach(async () => {
  gl = await startFakeGitLab();
});
afterEach(async () => {
  await gl.close();
});

const ours = () => gl.notes.filter((n) => n.body.startsWith('<!-- planguard-review key=default -->'));
const methods = () => gl.writes().map((r) => `${r.method} ${r.url}`);
const NOTES = '/api/v4/projects/55/merge_requests/3/notes';

function seed(n: number): void {
  for (let i = 0; i < n; i++) gl.notes.push({ id: 10 + i, body: i % 3 === 0 ? `added ${i} commits` : `comment ${i}`, system: i % 3 === 0 });
}

describe('planguard comment on GitLab', () => {
  it('two runs leave exactly one note, updated in place, among 130 earlier notes (X-Next-Page followed)', async () => {
    seed(130);
    const first = await runCli(['comment', PASSES], gitlabEnv(gl, { CI_PROJECT_URL: 'https://gitlab.example/group/infra' }));
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^planguard: comment created on gitlab 55!3 \(key "default"\): https:\/\/gitlab\.example\/group\/infra\/-\/merge_requests\/3#note_\d+\n$/);
    const id = ours()[0]?.id;
    const second = await runCli(['comment', BLOCKED], gitlabEnv(gl));
    expect(second.code).toBe(1);
    expect(gl.notes).toHaveLength(131);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.id).toBe(id);
    expect(ours()[0]?.body).toMatch(/blocked/i);
    expect(methods()).toEqual([`POST ${NOTES}`, `PUT ${NOTES}/${id}`]);
    const pages = gl.requests.filter((r) => r.method === 'GET').map((r) => new URLSearchParams(r.url.split('?')[1]).get('page'));
    // The first run lists again after its create (to converge with a run at the same time).
    expect(pages).toEqual(['1', '2', '1', '2', '1', '2']);
  });

  it('writes nothing when the review is unchanged, and delete-and-new replaces the note', async () => {
    await runCli(['comment', BLOCKED], gitlabEnv(gl));
    const again = await runCli(['comment', BLOCKED], gitlabEnv(gl));
    expect(again.stderr).toMatch(/comment unchanged \(no write\)/);
    expect(methods()).toEqual([`POST ${NOTES}`]);
    const old = ours()[0]?.id;
    const r = await runCli(['comment', BLOCKED, '--behavior', 'delete-and-new'], gitlabEnv(gl));
    expect(r.code).toBe(1);
    expect(ours()).toHaveLength(1);
    expect(methods().slice(1)).toEqual([`POST ${NOTES}`, `DELETE ${NOTES}/${old}`]);
  });

  it('retries a 429 with retry-after and a 502', async () => {
    gl.fail({ method: 'GET', path: /notes$/, status: 429, headers: { 'retry-after': '0' }, body: { message: 'Retry later' } });
    gl.fail({ method: 'POST', path: /notes$/, status: 502, headers: { 'retry-after': '0' }, body: '<html>502 Bad Gateway</html>' });
    const r = await runCli(['comment', PASSES], gitlabEnv(gl));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`429 from GET ${NOTES}; retrying`);
    expect(r.stderr).toContain(`502 from POST ${NOTES}; retrying`);
    expect(ours()).toHaveLength(1);
  });

  it('a note refused as too long (400) is replaced by the short review', async () => {
    await gl.close();
    // Below any full review of this plan, above its short version (20,000 characters of findings).
    gl = await startFakeGitLab({ bodyLimit: 30_000 });
    const dir = mkdtempSync(join(tmpdir(), 'pg-gl-'));
    const plan = bigPlanFile(dir);
    const r = await runCli(['comment', plan, '--protect', 'terraform_data.*'], gitlabEnv(gl));
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/posted the short version/);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.body.length).toBeLessThanOrEqual(30_000);
    expect(gl.requests.filter((q) => q.method === 'POST')).toHaveLength(2);
  });

  it('a project path as CI_PROJECT_ID is URL-encoded', async () => {
    await gl.close();
    gl = await startFakeGitLab({ project: 'group%2Finfra' });
    const r = await runCli(['comment', PASSES], gitlabEnv(gl, { CI_PROJECT_ID: 'group/infra' }));
    expect(r.code).toBe(0);
    expect(gl.notes).toHaveLength(1);
  });

  it('missing token, project or merge request: exit 2 naming the variable, no request', async () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ PLANGUARD_GITLAB_TOKEN: '' }, /PLANGUARD_GITLAB_TOKEN \(or GITLAB_TOKEN\) is not set/],
      [{ CI_PROJECT_ID: '' }, /CI_PROJECT_ID is not set/],
      [{ CI_MERGE_REQUEST_IID: '' }, /CI_MERGE_REQUEST_IID is not set: pass --pr N, or run in a merge request pipeline/],
    ];
    for (const [env, message] of cases) {
      const r = await runCli(['comment', BLOCKED], gitlabEnv(gl, env));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(gl.requests).toHaveLength(0);
    const withFlag = await runCli(['comment', BLOCKED, '--pr', '3'], gitlabEnv(gl, { CI_MERGE_REQUEST_IID: '', GITLAB_TOKEN: 'gl-token', PLANGUARD_GITLAB_TOKEN: '' }));
    expect(withFlag.code).toBe(1);
    expect(ours()).toHaveLength(1);
  });

  it('an API failure names GitLab, the status and the endpoint', async () => {
    gl.fail({ method: 'GET', path: /notes$/, status: 404, body: { message: '404 Project Not Found' } });
    const r = await runCli(['comment', PASSES], gitlabEnv(gl));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`planguard: GitLab API: HTTP 404 from GET ${NOTES}: 404 Project Not Found (the repository or pull request does not exist`);
    expect(r.stderr).not.toContain('gl-token');
  });
});
