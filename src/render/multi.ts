/**
 * Several plans in one output: a combined verdict first, then one section per plan, each
 * rendered by the single-plan renderer. SARIF merges the results into one run; GitHub
 * annotations share one set of caps.
 */
import type { Report } from '../engine/report.js';
import { multiReport } from '../engine/multi.js';
import { renderGithubMany } from './github.js';
import { stringifyJson } from './json.js';
import { render, type Format, type RenderOptions } from './index.js';
import { DEFAULT_MARKDOWN_BUDGET, renderMarkdown } from './markdown.js';
import { mdCode } from './escape.js';
import { plural } from './review.js';
import { renderSarif } from './sarif.js';

function verdictLine(reports: readonly Report[]): string {
  const blocked = reports.filter((r) => !r.gate.passed).length;
  const blocking = reports.reduce((n, r) => n + r.gate.blocking, 0);
  return blocked === 0
    ? `PASS  ${plural(reports.length, 'plan')}, none blocked`
    : `BLOCKED  ${blocked} of ${plural(reports.length, 'plan')} blocked, ${plural(blocking, 'blocking finding')}`;
}

export function renderMany(reports: readonly Report[], format: Format, opts: RenderOptions): string {
  if (reports.length === 1) return render(reports[0]!, format, opts);
  switch (format) {
    case 'json':
      return `${stringifyJson(multiReport(reports))}\n`;
    case 'sarif': {
      const runs = reports.map((r) => JSON.parse(renderSarif(r, { rules: opts.rules, toolVersion: opts.toolVersion })) as { runs: { results: unknown[] }[] });
      const base = runs[0]!;
      for (const doc of runs.slice(1)) for (const r of doc.runs[0]!.results) base.runs[0]!.results.push(r);
      return `${JSON.stringify(base, null, 2)}\n`;
    }
    case 'github':
      return renderGithubMany(reports);
    case 'markdown': {
      const budget = Math.floor((opts.budget ?? DEFAULT_MARKDOWN_BUDGET) / reports.length) - 200;
      const blocked = reports.filter((r) => !r.gate.passed).length;
      const head = blocked
        ? `## 🛑 Blocked: ${blocked} of ${plural(reports.length, 'plan')}`
        : `## ✅ ${plural(reports.length, 'plan')}, none blocked`;
      const sections = reports.map((r) => {
        const md = renderMarkdown(r, { budget }).replace(/^(#{2,5}) /gm, '#$1 ');
        return `### ${mdCode(r.source.file)}\n\n${md.trimEnd()}`;
      });
      return `${[head, ...sections].join('\n\n---\n\n')}\n`;
    }
    default: {
      const rule = '─'.repeat(Math.min(opts.width ?? 80, 80));
      const parts = reports.map((r, i) => `${rule}\nplan ${i + 1} of ${reports.length}: ${r.source.file}\n${render(r, 'text', opts).trimEnd()}`);
      return `${verdictLine(reports)}\n${parts.join('\n')}\n`;
    }
  }
}
