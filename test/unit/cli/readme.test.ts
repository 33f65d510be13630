/**
 * The README's CLI examples print what their comments say: every `node dist/cli.js …  # comment` line in
 * the CLI section is run, and the comment's pieces (split at `…`) must appear in the output in that order
 * (JSON output compared in its compact form, text with runs of spaces folded).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ROOT, runCli } from './runCli';

interface Example {
  args: string[];
  comment: string;
}

function readmeExamples(): Example[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('## CLI')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .map((line) => /^node dist\/cli\.js (.+?)\s+# (.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ args: m[1].match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, '')), comment: m[2] }));
}

function normalized(output: string): string {
  const trimmed = output.trim();
  if (/^[[{]/.test(trimmed)) {
    try {
      return JSON.stringify(JSON.parse(trimmed));
    } catch {
      // not JSON after all: compare as text
    }
  }
  return trimmed.replace(/\s+/g, ' ');
}

describe('README CLI examples', function () {
  this.timeout(120000);
  before(ensureBuilt);
  const examples = readmeExamples();

  it('the CLI section has examples for every command', () => {
    const commands = new Set(examples.map((e) => e.args[0]));
    for (const c of ['search', 'show', 'entries', 'check']) assert.ok(commands.has(c), `no README example for ${c}`);
  });

  for (const example of examples) {
    it(`node dist/cli.js ${example.args.join(' ')}`, () => {
      const r = runCli(example.args);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      const out = normalized(r.stdout);
      let from = 0;
      for (const piece of example.comment.split('…').map((p) => p.trim().replace(/\s+/g, ' ')).filter(Boolean)) {
        const at = out.indexOf(piece, from);
        assert.ok(at >= 0, `"${piece}" not in the output after position ${from}:\n${out.slice(from, from + 600)}`);
        from = at + piece.length;
      }
    });
  }
});
