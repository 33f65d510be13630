/**
 * The field set's label grammar (field/README.md), shared by `npm run field` and the manifest's unit test.
 * `flag 12,40-42: reason` | `flag c7:12: reason` (notebook cell, 0-based) | `correct: reason` | `n/a: reason`.
 */

/** Rules #16 part 5 asks for; labelled already so they show their recall once they exist. */
export const NEW_RULES = ['torch-load-weights-only', 'checkpoint-reentrant', 'deprecated-amp', 'no-seed', 'requires-grad-typo'];

export interface Expected { cell: number | null; from: number; to: number }
export interface Label { verdict: 'flag' | 'correct' | 'n/a'; expected: Expected[]; reason: string }

export function parseLabel(text: string): Label {
  const item = String.raw`(?:c\d+:)?\d+(?:-\d+)?`;
  const m = new RegExp(String.raw`^(flag|correct|n\/a)(?:\s+(${item}(?:\s*,\s*${item})*))?:\s*(\S.*)$`).exec(text.trim());
  if (!m) throw new Error(`bad label "${text}" (want "flag 12,40-42: reason", "correct: reason" or "n/a: reason")`);
  const verdict = m[1] as Label['verdict'];
  const expected: Expected[] = [];
  if (verdict === 'flag') {
    if (!m[2]) throw new Error(`"flag" needs lines: "${text}"`);
    for (const item of m[2].split(',').map((s) => s.trim()).filter(Boolean)) {
      const im = /^(?:c(\d+):)?(\d+)(?:-(\d+))?$/.exec(item);
      if (!im) throw new Error(`bad line "${item}" in "${text}"`);
      expected.push({ cell: im[1] === undefined ? null : Number(im[1]), from: Number(im[2]), to: Number(im[3] ?? im[2]) });
    }
  } else if (m[2]) throw new Error(`only "flag" takes lines: "${text}"`);
  return { verdict, expected, reason: m[3] };
}
