import { describe, expect, it } from 'vitest';
import { COMMANDS, commandNamed, main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/cli.js';
import { ROOT } from '../helpers/plans.js';

const PLAN = 'fixtures/terraform/handwritten-db-host-reimage/plan.json';

async function run(args: string[], allCommands: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, out } = captureIo({ PATH: process.env.PATH }, ROOT, { now: () => 0 });
  const code = await main(['node', 'planguard', ...args], io, { allCommands });
  return { code, ...out };
}

describe('the program defines only the command it runs (start-up, issue 16)', () => {
  it('names the command of a command line, or none when the root must answer', () => {
    expect(commandNamed(['node', 'planguard', 'check', 'plan.json'])).toBe('check');
    expect(commandNamed(['node', 'planguard', '--debug', 'comment', '--dry-run'])).toBe('comment');
    expect(commandNamed(['node', 'planguard'])).toBeUndefined();
    expect(commandNamed(['node', 'planguard', '--help'])).toBeUndefined();
    expect(commandNamed(['node', 'planguard', '-V', 'check'])).toBeUndefined();
    expect(commandNamed(['node', 'planguard', 'help', 'check'])).toBeUndefined();
    expect(commandNamed(['node', 'planguard', 'chek', 'plan.json'])).toBeUndefined();
  });

  // Each command line gives the same output, errors and exit code with one command defined as
  // with all of them.
  const lines: string[][] = [
    ['check', PLAN, '--format', 'markdown'],
    ['--debug', 'check', PLAN, '--fail-on', 'critical'],
    ['check', '--help'],
    ['check'],
    ['check', PLAN, '--format', 'yaml'],
    ['check', PLAN, '--no-such-option'],
    ['check', '--version'],
    ['rules', '--format', 'json'],
    ['explain', 'data-store-replaced'],
    ['explain'],
    ['comment', '--help'],
    ['terraform', '--help'],
    ['test-rules', '--help'],
    ['--help'],
    ['help', 'check'],
    ['chek', PLAN],
    ['--version'],
    [],
  ];
  for (const args of lines) {
    it(`planguard ${args.join(' ')}`, async () => {
      const lean = await run(args, false);
      const full = await run(args, true);
      expect(lean).toEqual(full);
      expect(lean.stdout.length + lean.stderr.length).toBeGreaterThan(0);
    });
  }

  it('lists every command in the root help', async () => {
    const help = await run(['--help'], false);
    for (const name of COMMANDS) expect(help.stdout).toContain(`${name} `);
  });
});
