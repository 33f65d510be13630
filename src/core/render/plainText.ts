/**
 * Text for surfaces that do not render Markdown (the Problems panel, quick-fix titles, the CLI's text output):
 * inline code spans lose their backticks and get quotes instead, so "wrap it in `with torch.no_grad():`" reads
 * "wrap it in 'with torch.no_grad():'". Chinese text gets “ ” (full-width quotes of Chinese typography).
 * Hover and sidebar text keep the backticks: they render Markdown.
 */
import type { Lang } from '../knowledge/types';

export function plainCodeSpans(text: string, lang: Lang): string {
  const [open, close] = lang === 'zh' ? ['“', '”'] : ["'", "'"];
  // A run of N backticks opens a span that the next run of exactly N closes (CommonMark's rule).
  return text.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_m, _ticks: string, code: string) => `${open}${code.trim()}${close}`);
}
