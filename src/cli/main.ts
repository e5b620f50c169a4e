/**
 * The CLI: commander program. The only place that turns errors into exit codes:
 * 0 the gate passes, 1 blocked, 2 bad input or usage (and any unexpected crash).
 */
import { Command, CommanderError, Option } from 'commander';
import { AppError } from '../errors.js';
import { safeLine } from '../render/escape.js';
import { processIo, type Io } from './io.js';
import { registerCommentCommand } from './comment.js';
import { collectGlob } from './options.js';

export const VERSION = '0.1.0';

/** The commands, in help order. */
export const COMMANDS = ['check', 'terraform', 'rules', 'explain', 'test-rules', 'comment'] as const;

/**
 * The command a command line runs, when it names one of ours before any option other than
 * --debug; otherwise (help, --version, no command, a typo) undefined, and every command is built.
 */
export function commandNamed(argv: readonly string[]): string | undefined {
  for (const arg of argv.slice(2)) {
    if (arg === '--debug') continue;
    return (COMMANDS as readonly string[]).includes(arg) ? arg : undefined;
  }
  return undefined;
}

/**
 * The commander program. With `only`, just that command is defined (start-up, issue 16: each
 * command's options cost a little to build, and a check runs one): what commander does with the
 * command line is the same, since a command's parsing, help and errors never look at its
 * siblings; the root's help, version and unknown-command errors get every command.
 */
export function buildProgram(io: Io, setExit: (code: number) => void, only?: string): Command {
  const want = (name: string) => only === undefined || only === name;
  const program = new Command('planguard')
    .description('Find the changes in a Terraform, OpenTofu or Pulumi plan that destroy data or take a service down.')
    .version(VERSION)
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  if (want('check')) {
    program
      .command('check')
      .description('judge a plan and print the review; exit 0 pass, 1 blocked, 2 bad input or usage')
      .argument('<plans...>', 'plan JSON (`terraform show -json`), a saved binary plan, a Pulumi preview or event log, - for stdin; several plans or a directory give one report with one gate')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown', 'sarif', 'github', 'html']).default('text'))
      .option('-o, --output <file>', 'write the --format output to this file and print the text review')
      .option('--fail-on <severity>', 'lowest severity that blocks: critical, high, medium, low, info (default: high)')
      .option('-p, --protect <glob>', 'address glob whose delete or replace is critical (repeatable)', collectGlob)
      .option('-c, --config <file>', 'configuration file (default: .planguard.yml in the working directory or repository root)')
      .option('--tofu', 'read a saved binary plan with `tofu` instead of `terraform`')
      .option('-C, --chdir <dir>', 'initialised working directory for reading a saved binary plan')
      .option('--no-color', 'no colours (also: NO_COLOR)')
      .option('-q, --quiet', 'no progress line on stderr while a large plan is read')
      .action(async (plans: string[], opts: Record<string, unknown>) => {
        const { check } = await import('./check.js');
        setExit(await check(plans, opts, io));
      });
  }

  if (want('terraform')) {
    program
      .command('terraform')
      .description('run `terraform plan`, check the saved plan and review it; with --apply, apply that exact plan only when the gate passes')
      .argument('[plan-args...]', 'arguments for `terraform plan`, after --')
      .option('-C, --chdir <dir>', 'the terraform working directory (default: the current one)')
      .option('--tofu', 'run `tofu` instead of `terraform` (also: PLANGUARD_TF_BINARY)')
      .option('--apply', 'apply the checked plan when the gate passes (on a terminal, a blocked plan can be confirmed by typing the count)')
      .addOption(new Option('-f, --format <format>', 'output format of the review').choices(['text', 'json', 'markdown', 'sarif', 'github']).default('text'))
      .option('--fail-on <severity>', 'lowest severity that blocks (default: high)')
      .option('-p, --protect <glob>', 'address glob whose delete or replace is critical (repeatable)', collectGlob)
      .option('-c, --config <file>', 'configuration file')
      .option('--no-color', 'no colours (also: NO_COLOR)')
      .option('-q, --quiet', 'hide terraform\'s own plan output')
      .action(async (planArgs: string[], opts: Record<string, unknown>) => {
        const { terraformCommand } = await import('./terraform.js');
        setExit(await terraformCommand(planArgs, opts, io));
      });
  }

  if (want('rules')) {
    program
      .command('rules')
      .description('list the rules')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
      .option('-c, --config <file>', 'configuration file whose custom rules and plugins are listed too')
      .action(async (opts: { format?: string; config?: string }) => {
        const { listRules } = await import('./rules.js');
        setExit(await listRules(io, opts));
      });
  }

  if (want('explain')) {
    program
      .command('explain')
      .description('explain one rule: why it matters and how to fix or acknowledge it')
      .argument('<id>', 'rule id (see `planguard rules`)')
      .option('-c, --config <file>', 'configuration file whose custom rules and plugins are known too')
      .action(async (id: string, opts: { config?: string }) => {
        const { explain } = await import('./rules.js');
        setExit(await explain(io, id, opts));
      });
  }

  if (want('test-rules')) {
    program
      .command('test-rules')
      .description("run the config's custom rules and plugins on their `fires` and `silent` plans; exit 0 all behave, 1 one does not, 2 bad input")
      .option('-c, --config <file>', 'configuration file (default: .planguard.yml in the working directory or repository root)')
      .action(async (opts: { config?: string }) => {
        const { testRules } = await import('./test-rules.js');
        setExit(await testRules(io, opts));
      });
  }

  if (want('comment')) registerCommentCommand(program, io, setExit);

  return program;
}

export async function main(argv: string[], io: Io = processIo(), opts: { allCommands?: boolean } = {}): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (c) => (exitCode = c), opts.allCommands ? undefined : commandNamed(argv));
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; every other commander complaint is a usage error (2).
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof AppError) {
      // One line, whatever text of the plan a message quotes: a control character is shown escaped.
      io.stderr(`planguard: ${safeLine(`${e.message}${e.hint ? ` (${e.hint})` : ''}`)}\n`);
      if (debug && e.stack) io.stderr(`${e.stack}\n`);
      return 2;
    }
    io.stderr(`planguard: internal error: ${internalMessage(e)} (run with --debug for details; please report it)\n`);
    if (debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return 2;
  }
}

/**
 * The one line an unexpected error gets. Its message may quote text of the plan (a regular
 * expression's source, a value), so it is cut short and never quotes a source: the plan's
 * sensitive values must not reach stderr either. `--debug` prints the whole error.
 */
export function internalMessage(e: unknown): string {
  const msg = (e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e)).split('\n')[0]!;
  const safe = msg.replace(/(Invalid regular expression): .*/, '$1').replace(/[^\x20-\x7e]/g, '?');
  return safe.length > 160 ? `${safe.slice(0, 160)}…` : safe;
}
