/**
 * The QuickPick commands: Search Knowledge… (searches as you type), Browse Topics… (category → entry),
 * Show Rule Documentation (rule → page), Show File Hints (this file's findings → jump to one).
 */
import * as vscode from 'vscode';
import type { Finding } from '../core/analysis/types';
import type { Lang } from '../core/knowledge/types';
import type { SearchResult } from '../core/search/types';
import { queryLang } from '../core/search/queryLang';
import { ruleMetas } from './core';
import { t } from './i18n';
import { localize } from '../core/knowledge/localize';
import type { RuleInfo } from './hoverMarkdown';
import type { Services } from './services';

interface ResultItem extends vscode.QuickPickItem {
  ref?: string;
}

/** Snippet text for a QuickPick detail: the `[[term]]` markers dropped (QuickPick has no rich text). */
export function plainSnippet(snippet: string): string {
  return snippet.replace(/\[\[([\s\S]*?)\]\]/g, '$1').replace(/\s+/g, ' ').trim();
}

export function resultItem(r: SearchResult, lang: Lang, kb: Services['knowledge']['kb']): ResultItem {
  const title = localize(r.title, lang);
  let label = r.itemTerm ? localize(r.itemTerm, lang) : title;
  if (r.kind === 'card' && r.cardId) {
    const card = kb.cards.find((c) => c.id === r.cardId);
    if (card) label = localize(card.name, lang);
  }
  const icon = r.kind === 'item' ? '$(lightbulb)' : r.kind === 'card' ? '$(tools)' : '$(book)';
  const where = r.item !== null ? `${r.entry}. ${title}` : '';
  return {
    label: `${icon} ${label}`,
    description: r.ref + (where && r.itemTerm ? ` · ${where}` : ''),
    detail: plainSnippet(r.snippet),
    ref: r.ref,
  };
}

/** Search Knowledge…: resolves with the ref chosen (and opens it), or undefined when dismissed. */
export async function searchKnowledge(services: Services, open: (ref: string) => unknown, initial = ''): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<ResultItem>();
  qp.placeholder = t('Search the training advice (e.g. 梯度爆炸, exploding gradients, GradScaler)');
  // Our index ranks; the widget must not. `sortByLabel` (the quickPickSortByLabel proposal) is forwarded by
  // the 1.100 extension host without a proposal check and honoured by the workbench: false keeps our order.
  // 1.100 forwards neither `matchOnLabel` nor item highlights, so the label keeps the widget's own fuzzy
  // highlight; the description (the ref) is left out of matching, the detail (our snippet, cut around our
  // match) is matched, so the query's words light up where our search found them.
  (qp as vscode.QuickPick<ResultItem> & { sortByLabel?: boolean }).sortByLabel = false;
  qp.matchOnDescription = false;
  qp.matchOnDetail = true;
  let shown: string | undefined;
  const update = (value: string) => {
    if (value === shown) return; // setting the value fires onDidChangeValue once more: do not search twice
    shown = value;
    const lang = queryLang(value, services.language());
    const results = services.knowledge.search(value, { limit: 30, lang });
    // The index already filtered: keep its order, do not let QuickPick's fuzzy filter hide results.
    qp.items = results.map((r) => ({ ...resultItem(r, lang, services.knowledge.kb), alwaysShow: true }));
    if (value.trim() && results.length === 0) qp.items = [{ label: t('No advice found for “{0}”', value), alwaysShow: true }];
    // QuickPick focuses the first item its own filter matches; results matched through the other language or
    // synonyms may match none, which would leave nothing to accept: focus the best result explicitly.
    if (qp.items.length) qp.activeItems = [qp.items[0]!];
  };
  qp.onDidChangeValue(update);
  qp.value = initial;
  update(initial);
  // Resolves once the chosen advice is open: opening moves focus (the sidebar), and a command that returned
  // earlier would let the next QuickPick be closed by that focus change.
  return new Promise((resolve) => {
    let accepted = false;
    qp.onDidAccept(async () => {
      // Enter takes the focused result; when the widget focused nothing (its own filter matched no label),
      // the best result.
      const chosen = (qp.selectedItems[0] ?? qp.activeItems[0] ?? qp.items[0])?.ref;
      if (!chosen) return;
      accepted = true;
      qp.hide();
      try {
        await open(chosen);
      } finally {
        resolve(chosen);
      }
    });
    qp.onDidHide(() => {
      qp.dispose();
      if (!accepted) resolve(undefined);
    });
    qp.show();
  });
}

/** Browse Topics…: category, then entry. */
export async function browseTopics(services: Services, open: (ref: string) => unknown): Promise<string | undefined> {
  const lang = services.language();
  const kb = services.knowledge.kb;
  const category = await vscode.window.showQuickPick(
    kb.categories.map((c) => ({ label: localize(c.name, lang), description: t('{0} entries', c.entries.length), detail: localize(c.description, lang), id: c.id })),
    { placeHolder: t('Choose a topic'), matchOnDetail: true },
  );
  if (!category) return undefined;
  const entries = kb.categories.find((c) => c.id === category.id)?.entries ?? [];
  const entry = await vscode.window.showQuickPick(
    entries.flatMap((key) => {
      const e = kb.entries.find((x) => x.key === key);
      return e ? [{ label: `${e.number}. ${localize(e.title, lang)}`, detail: localize(e.question, lang), key: e.key }] : [];
    }),
    { placeHolder: localize(kb.categories.find((c) => c.id === category.id)!.name, lang), matchOnDetail: true },
  );
  if (!entry) return undefined;
  await open(entry.key);
  return entry.key;
}

/** Show Rule Documentation: a QuickPick of rules (or the given id), then the rule's page. */
export async function pickRule(services: Services): Promise<string | undefined> {
  const lang = services.language();
  const severities = services.config.ruleSeverities;
  const all = ruleMetas as readonly RuleInfo[];
  const choice = await vscode.window.showQuickPick(
    all.map((r) => ({
      label: localize(r.title, lang),
      description: `${r.id}${severities[r.id] ? ` · ${severities[r.id]}` : ''}`,
      detail: localize(r.docs.detects, lang),
      id: r.id,
    })),
    { placeHolder: t('Choose a rule to read its documentation'), matchOnDescription: true, matchOnDetail: true },
  );
  return choice?.id;
}

/** Show File Hints: the active file's findings; choosing one moves the cursor to it. */
export async function showFileHints(services: Services, findingsFor: (uri: vscode.Uri) => readonly Finding[]): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  const lang = services.language();
  const severities = services.config.ruleSeverities;
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  const targets: Array<{ uri: vscode.Uri; findings: readonly Finding[] }> = [];
  if (notebook && notebook.getCells().some((c) => c.document === editor.document)) {
    for (const c of notebook.getCells()) targets.push({ uri: c.document.uri, findings: findingsFor(c.document.uri) });
  } else {
    targets.push({ uri: editor.document.uri, findings: findingsFor(editor.document.uri) });
  }
  const items = targets.flatMap(({ uri, findings }) =>
    findings
      .filter((f) => (severities[f.ruleId] ?? f.severity) !== 'off')
      .map((f) => ({
        label: `$(lightbulb) ${localize(f.message, lang)}`,
        description: `${f.ruleId} · ${t('line {0}', f.range.startLine + 1)}${f.cell !== undefined ? ` · ${t('cell {0}', f.cell + 1)}` : ''}`,
        detail: f.advice.length ? t('Advice: {0}', f.advice.join(', ')) : undefined,
        uri,
        range: new vscode.Range(f.range.startLine, f.range.startColumn, f.range.endLine, f.range.endColumn),
      })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage(t('Training Advisor has no hints for this file.'));
    return;
  }
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: t('Hints for this file'), matchOnDescription: true });
  if (!chosen) return;
  const doc = await vscode.workspace.openTextDocument(chosen.uri);
  const ed = await vscode.window.showTextDocument(doc, { selection: chosen.range });
  ed.revealRange(chosen.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
