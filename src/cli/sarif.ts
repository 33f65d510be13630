/**
 * The SARIF 2.1.0 log that `check` and `diagnose` both write: one run of our tool, the catalog entries the
 * results use (rules or diagnoses) as `tool.driver.rules`, each result pointing at its entry by index.
 */
import type { Lang, Localized } from '../core/knowledge/types';

/** What a catalog entry (a code rule or a run diagnosis) shows in SARIF. */
export interface SarifDescriptor {
  id: string;
  title: Localized;
  docs: { detects: Localized; why: Localized };
  advice: readonly string[];
  level: 'warning' | 'note';
  /** Extra help in Markdown (e.g. the fixed example); the plain-text help is always there. */
  markdown?: string;
  properties: Record<string, unknown>;
}

export interface SarifResult {
  ruleId: string;
  level: 'warning' | 'note';
  message: string;
  locations: unknown[];
  properties: Record<string, unknown>;
}

/** Severity names of rules and diagnoses → SARIF levels (SARIF has no "hint"/"information"). */
export const SARIF_LEVEL = { warning: 'warning', information: 'note', hint: 'note' } as const;

export function sarifLog(catalog: readonly SarifDescriptor[], results: readonly SarifResult[], lang: Lang, notifications?: unknown[]): string {
  // Only the entries that have results (all of them when there are none), so a report stays small.
  const used = new Set(results.map((r) => r.ruleId));
  const list = catalog.filter((d) => used.has(d.id) || used.size === 0);
  const index = new Map(list.map((d, i) => [d.id, i]));
  const help = (d: SarifDescriptor) => `${d.docs.detects[lang]}\n\n${d.docs.why[lang]}`;
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'training-advisor',
          informationUri: 'https://example.invalid/training-advisor',
          rules: list.map((d) => ({
            id: d.id,
            name: d.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: d.title[lang] },
            fullDescription: { text: d.docs.detects[lang] },
            help: {
              text: `${help(d)}\n\nAdvice: ${d.advice.join(', ')}`,
              ...(d.markdown ? { markdown: `${help(d)}\n\n${d.markdown}\n\nAdvice: ${d.advice.join(', ')}` } : {}),
            },
            defaultConfiguration: { level: d.level },
            properties: d.properties,
          })),
        },
      },
      ...(notifications ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] } : {}),
      results: results.map((r) => ({
        ruleId: r.ruleId,
        ruleIndex: index.get(r.ruleId),
        level: r.level,
        message: { text: r.message },
        locations: r.locations,
        properties: r.properties,
      })),
    }],
  }, null, 2);
}
