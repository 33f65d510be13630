/**
 * Hovers: (a) over a finding — problem, why it matters, the corpus advice quoted, "Show advice" / "Apply fix";
 * (b) over a PyTorch API that belongs to a technique card — what the technique is and what the corpus advises,
 * whether or not anything is wrong. Reads only cached analysis results: no parsing on hover.
 */
import * as vscode from 'vscode';
import type { KnowledgeBase, Lang, TechniqueCard } from '../core/knowledge/types';
import { cardsForApi, getRuleMeta } from './core';
import { t } from './i18n';
import { cardsForKeyword, cardsForName } from '../core/knowledge/cardLookup';
import { findingsAt } from './diagnosticData';
import { cardHoverMarkdown, findingHoverMarkdown, type RuleInfo } from './hoverMarkdown';
import { nameAt, parseImports, type ImportMap } from '../core/analysis/pythonNames';
import type { AnalysisManager } from './analysisManager';
import type { Config } from './config';

export const TRUSTED_COMMANDS = ['trainingAdvisor.openAdvice', 'trainingAdvisor.applyFix', 'trainingAdvisor.showRuleDocs'];

export class AdvisorHoverProvider implements vscode.HoverProvider {
  /**
   * Import maps per document (object, not URI: a reopened untitled file reuses its URI and version numbers)
   * and version. Parsing imports is cheap, but a hover must stay well under 5 ms.
   */
  private readonly imports = new WeakMap<vscode.TextDocument, { version: number; map: ImportMap }>();

  constructor(
    private readonly analysis: AnalysisManager,
    private readonly config: Config,
    private readonly kb: () => KnowledgeBase,
    private readonly lang: () => Lang,
    private readonly log?: vscode.LogOutputChannel,
    /** One line naming a workspace run whose diagnosis relates to the rule (runs/index.ts), if any. */
    private readonly runNote?: (ruleId: string) => string | undefined,
  ) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    try {
      return this.hover(doc, pos);
    } catch (e) {
      this.log?.error(`hover failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return undefined;
    }
  }

  private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!this.config.enabled) return undefined;
    const lang = this.lang();
    const kb = this.kb();
    const contents: vscode.MarkdownString[] = [];
    let range: vscode.Range | undefined;

    const severities = this.config.ruleSeverities;
    const canFix = this.analysis.isCurrent(doc);
    for (const { finding, index } of findingsAt(this.analysis.findingsFor(doc.uri), pos.line, pos.character)) {
      if ((severities[finding.ruleId] ?? finding.severity) === 'off') continue;
      const md = findingHoverMarkdown(finding, getRuleMeta(finding.ruleId) as RuleInfo | undefined, kb, {
        // Whether the rule can fix at all, not `finding.fix`: reading that verifies the fix by re-parsing the
        // file (tens of ms on a big file), too slow for a hover. applyFix reports the rare unfixable case.
        lang, t, canFix: canFix && getRuleMeta(finding.ruleId)?.fixable === true,
        fixArgs: [doc.uri.toString(), index, doc.version],
      });
      const note = this.runNote?.(finding.ruleId);
      contents.push(trusted(note ? `${md}\n\n${note}` : md));
      const r = finding.range;
      range ??= new vscode.Range(r.startLine, r.startColumn, r.endLine, r.endColumn);
    }

    const api = this.apiAt(doc, pos);
    if (api && api.cards.length) {
      contents.push(trusted(cardHoverMarkdown(api.cards, api.label, kb, lang, t)));
      range = api.range;
    }
    return contents.length ? new vscode.Hover(contents, range) : undefined;
  }

  /** The technique cards for the identifier under the cursor, resolved through the file's imports. */
  apiAt(doc: vscode.TextDocument, pos: vscode.Position): { cards: TechniqueCard[]; label: string; range: vscode.Range } | undefined {
    const line = doc.lineAt(pos.line).text;
    if (/^\s*#/.test(line)) return undefined;
    let cached = this.imports.get(doc);
    if (!cached || cached.version !== doc.version) {
      cached = { version: doc.version, map: parseImports(doc.getText()) };
      this.imports.set(doc, cached);
    }
    let previous: string | undefined;
    for (let l = pos.line - 1; l >= 0 && l >= pos.line - 20; l--) {
      const text = doc.lineAt(l).text;
      if (text.trim()) { previous = text; break; }
    }
    const name = nameAt(line, pos.character, cached.map, previous);
    if (!name) return undefined;
    const kb = this.kb();
    let cards: TechniqueCard[];
    let label: string;
    if (name.isKeywordArgument) {
      cards = cardsForKeyword(kb.cards, name.identifier);
      label = `${name.identifier}=`;
    } else {
      // An `import x` line names the module itself; the import map resolves it all the same.
      cards = name.qualified ? cardsForApi(kb, name.qualified) : [];
      if (cards.length === 0) cards = cardsForName(kb.cards, name.qualified, name.written);
      label = name.qualified ?? name.written;
    }
    return { cards, label, range: new vscode.Range(pos.line, name.start, pos.line, name.end) };
  }
}

function trusted(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, true);
  md.isTrusted = { enabledCommands: TRUSTED_COMMANDS };
  return md;
}
