/**
 * Markdown shown by hovers, the advice view and the rule pages. vscode-free (strings in, string out) so the
 * same text is unit-tested and benchmarked without an editor. `t` translates UI chrome; advice and rule text
 * come from the knowledge base and the rule docs in `lang`.
 */
import type { AdviceRef, Entry, KnowledgeBase, Lang, TechniqueCard } from '../core/knowledge/types';
import type { Finding, Severity } from '../core/analysis/types';
import { clip } from '../core/knowledge/cardLookup';
import { localize } from '../core/knowledge/localize';
import { adviceForRule, noteText, refLabel, resolveAdviceRef, techniqueCardById } from '../core/knowledge/refs';
import type { RuleInfo as PageRuleInfo } from '../core/render/pages';

export type Translate = (message: string, ...args: Array<string | number>) => string;

/** What the extension needs to know about a rule: the render layer's view of it plus its default severity. */
export interface RuleInfo extends PageRuleInfo {
  defaultSeverity?: Exclude<Severity, 'off'>;
}

/** `command:` link with JSON arguments, as VS Code's trusted Markdown expects. */
export function commandLink(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** Markdown-escapes text meant to be shown literally (advice bodies are Markdown already and are not escaped). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

/** `> **5. Gradient clipping:** Clip the gradients…` — one quoted corpus item (or entry question), clipped. */
export function quoteAdvice(kb: KnowledgeBase, ref: AdviceRef, lang: Lang, maxChars = 320): string | null {
  const r = resolveAdviceRef(kb, ref);
  if (!r) return null;
  if (r.item) {
    const term = localize(r.item.term, lang);
    const body = clip(withoutImages(localize(r.item.body, lang)), maxChars);
    return `> **${r.item.number}. ${term}** ${body}`;
  }
  return `> **${localize(r.entry.title, lang)}** ${clip(localize(r.entry.question, lang), maxChars)}`;
}

/**
 * Markdown images as their alt text: VS Code's hover renderer keeps `![x](https://…)` images, so without this a
 * team pack could make hovers call out to a server wherever the editor's image policy allows it (code-server's
 * blocked it in the harness; desktop builds may differ). Advice is text; the sidebar shows the rest of an item.
 */
export function withoutImages(markdown: string): string {
  return markdown.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '$1');
}

/**
 * The card's editorial note on a quoted item, as a line after the quote (outside the blockquote, so it never reads
 * as corpus text); empty when no card comments on the item.
 */
export function editorNote(kb: KnowledgeBase, ref: AdviceRef, lang: Lang, t: Translate): string {
  const note = noteText(kb, ref, lang);
  return note ? `\n\n*${t('Editor\'s note')}:* ${escapeMarkdown(note)}` : '';
}

/** The citation shown next to a quote: `Entry 9 · item 5` / `第 9 题 · 第 5 条`. */
function citation(kb: KnowledgeBase, ref: AdviceRef, lang: Lang, t: Translate): string {
  const r = resolveAdviceRef(kb, ref);
  if (!r) return ref;
  const title = localize(r.entry.title, lang);
  return r.item ? t('{0} — entry {1}, item {2}', title, r.entry.number, r.item.number) : t('{0} — entry {1}', title, r.entry.number);
}

export interface FindingHoverOptions {
  lang: Lang;
  t: Translate;
  /** Include an "Apply fix" link (only when the finding has a fix valid for the current text). */
  canFix: boolean;
  /** Arguments for `trainingAdvisor.applyFix` (document URI string, finding index…). */
  fixArgs?: unknown[];
  /** How many advice items to quote (the first are the best). */
  maxQuotes?: number;
}

/** For a rule whose technique the corpus does not cover: say so, and what its technique card says. */
function techniqueGap(rule: RuleInfo | undefined, kb: KnowledgeBase, lang: Lang, t: Translate): string | null {
  const card = techniqueCardById(kb, rule?.techniqueCard);
  if (!card) return null;
  return `*${t('The Q&A has no item on this technique itself; its technique card explains it:')}* ` +
    `**${escapeMarkdown(localize(card.name, lang))}** — ${escapeMarkdown(localize(card.summary, lang))}`;
}

/** Hover over a finding: the problem (rule title), why it matters, the corpus advice quoted, and command links. */
export function findingHoverMarkdown(finding: Finding, rule: RuleInfo | undefined, kb: KnowledgeBase, o: FindingHoverOptions): string {
  const { lang, t } = o;
  const parts: string[] = [];
  const title = rule ? localize(rule.title, lang) : finding.ruleId;
  parts.push(`**${escapeMarkdown(title)}** \`${finding.ruleId}\``);
  // The finding's message itself is not repeated: VS Code shows the diagnostic right above this hover.
  if (rule) parts.push(`**${t('Why it matters')}:** ${escapeMarkdown(localize(rule.docs.why, lang))}`);
  const own = finding.advice.length ? finding.advice : rule?.advice ?? [];
  // A team pack's cards can attach their own items to a rule (card key `rules:`): quoted after the built-in ones.
  const refs = [...own.slice(0, o.maxQuotes ?? 2), ...adviceForRule(kb, finding.ruleId, own).slice(0, 2)];
  const quotes = refs.flatMap((ref) => {
    const q = quoteAdvice(kb, ref, lang);
    return q ? [`${q}\n>\n> — *${escapeMarkdown(citation(kb, ref, lang, t))}* (${ref})${editorNote(kb, ref, lang, t)}`] : [];
  });
  if (quotes.length) parts.push(`**${t('What the knowledge base advises')}:**\n\n${quotes.join('\n\n')}`);
  const gap = techniqueGap(rule, kb, lang, t);
  if (gap) parts.push(gap);
  const links: string[] = [];
  const first = refs[0];
  if (first) links.push(`[${t('Show advice')} (${first})](${commandLink('trainingAdvisor.openAdvice', [first])})`);
  if (o.canFix && o.fixArgs) links.push(`[${t('Apply fix')}](${commandLink('trainingAdvisor.applyFix', o.fixArgs)})`);
  links.push(`[${t('Rule documentation')}](${commandLink('trainingAdvisor.showRuleDocs', [finding.ruleId])})`);
  parts.push(links.join(' · '));
  return parts.join('\n\n');
}

/** Hover over a PyTorch API that belongs to technique cards: what the technique is and what the corpus advises. */
export function cardHoverMarkdown(cards: readonly TechniqueCard[], api: string, kb: KnowledgeBase, lang: Lang, t: Translate): string {
  const parts: string[] = [];
  // One link per target in the whole hover: near-duplicate entries share an item's term, so "See also" would
  // otherwise list "Mixed precision training" once per entry, and two cards often cite the same item.
  const linked = new Set<string>();
  const firstLink = (r: AdviceRef): boolean => {
    const label = refLabel(kb, r, lang);
    if (linked.has(r) || linked.has(`label:${label}`)) return false;
    linked.add(r).add(`label:${label}`);
    return true;
  };
  for (const card of cards.slice(0, 2)) {
    parts.push(`**${escapeMarkdown(localize(card.name, lang))}** — \`${api}\``);
    parts.push(escapeMarkdown(localize(card.summary, lang)));
    const ref = card.advice[0];
    const q = ref ? quoteAdvice(kb, ref, lang, 260) : null;
    if (ref && q) parts.push(`**${t('What the knowledge base advises')}:**\n\n${q}\n>\n> — *${escapeMarkdown(citation(kb, ref, lang, t))}* (${ref})${editorNote(kb, ref, lang, t)}`);
    if (ref) firstLink(ref);
    const more = card.advice.slice(1).filter(firstLink).slice(0, 3).map((r) => `[${escapeMarkdown(refLabel(kb, r, lang))} (${r})](${commandLink('trainingAdvisor.openAdvice', [r])})`);
    const links = ref ? [`[${t('Show advice')} (${ref})](${commandLink('trainingAdvisor.openAdvice', [ref])})`] : [];
    if (more.length) links.push(`${t('See also')}: ${more.join(', ')}`);
    if (links.length) parts.push(links.join(' · '));
  }
  return parts.join('\n\n');
}

/** A whole entry as Markdown, items as level-3 headings with stable anchors (`item-5`) the view scrolls to. */
export function entryMarkdown(entry: Entry, lang: Lang, t: Translate): string {
  const out = [`# ${entry.number}. ${localize(entry.title, lang)}`, '', `**${t('Question')}:** ${localize(entry.question, lang)}`, ''];
  for (const item of entry.items) {
    out.push(`<a id="item-${item.number}"></a>`, '', `### ${item.number}. ${localize(item.term, lang)}`, '', localize(item.body, lang), '');
    for (const f of item.formulas) if (!localize(item.body, lang).includes(f)) out.push('```', f, '```', '');
  }
  if (entry.variants.length) out.push(`*${t('Also asked as')}: ${entry.variants.join(', ')}*`);
  return out.join('\n');
}

/** A rule's page: what it detects, why, example, fixed example, and the advice it points to. */
export function ruleDocsMarkdown(rule: RuleInfo, kb: KnowledgeBase, lang: Lang, t: Translate, severity?: Severity): string {
  const out = [`# ${localize(rule.title, lang)}`, '', `\`${rule.id}\`${severity ? ` · ${t('Severity')}: ${severity}` : ''}`, ''];
  out.push(`## ${t('What it detects')}`, '', localize(rule.docs.detects, lang), '');
  out.push(`## ${t('Why it matters')}`, '', localize(rule.docs.why, lang), '');
  out.push(`## ${t('Example')}`, '', '```python', rule.docs.example.trimEnd(), '```', '');
  out.push(`## ${t('Fixed')}`, '', '```python', rule.docs.fixedExample.trimEnd(), '```', '');
  const quotes = [...rule.advice, ...adviceForRule(kb, rule.id, rule.advice)].flatMap((ref) => {
    const q = quoteAdvice(kb, ref, lang, 600);
    return q ? [`${q}\n>\n> — *${citation(kb, ref, lang, t)}* (${ref})${editorNote(kb, ref, lang, t)}`, ''] : [];
  });
  if (quotes.length) out.push(`## ${t('What the knowledge base advises')}`, '', ...quotes);
  const gap = techniqueGap(rule, kb, lang, t);
  if (gap) out.push(gap, '');
  return out.join('\n');
}
