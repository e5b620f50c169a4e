/** Every output format, rendered from the one Report. */
import type { Report } from '../engine/report.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, type RuleMeta } from './sarif.js';
import { renderText } from './text.js';

/** `html` is rendered by src/render/html.ts, loaded on demand by the CLI (renderHtml), not by `render`. */
export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'github', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

export interface RenderOptions {
  /** text: colours (the CLI decides: a TTY and no NO_COLOR). */
  color: boolean;
  /** text: terminal width. */
  width?: number;
  /** sarif: rule metadata and planguard's version. */
  rules: readonly RuleMeta[];
  toolVersion: string;
  /** markdown: character budget (default 60,000). */
  budget?: number;
}

export function render(report: Report, format: Format, opts: RenderOptions): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report, opts.budget !== undefined ? { budget: opts.budget } : {});
    case 'sarif':
      return renderSarif(report, { rules: opts.rules, toolVersion: opts.toolVersion });
    case 'github':
      return renderGithub(report);
    case 'html':
      throw new Error('the html format is rendered by renderHtml (src/render/html.ts), loaded on demand');
    default: {
      const t: Parameters<typeof renderText>[1] = { color: opts.color };
      if (opts.width !== undefined) t.width = opts.width;
      return renderText(report, t);
    }
  }
}

export { renderGithub, renderJson, renderMarkdown, renderSarif, renderText };
