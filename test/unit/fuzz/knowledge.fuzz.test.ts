/**
 * Property tests: the knowledge parser on mutated real Markdown (the zh/en corpus, the taxonomy, the
 * technique cards) never throws, reports every problem at a real file:line, and a broken file never takes
 * the other files' content down. FUZZ_RUNS / FUZZ_SEED widen the search (see fuzzConfig.ts).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildKnowledgeBase, type KnowledgeBase, type KnowledgeFile } from '../../../src/core/knowledge';
import { cpuTimed, fuzzParams, fuzzTimeout, lineCount } from './fuzzConfig';
import { loadKnowledgeFiles, mutatedFile, targetedBreak } from './markdownArbitraries';

const files = loadKnowledgeFiles();
const baseline = buildKnowledgeBase(files);

/** Every issue names one of the files handed in and a 1-based line inside that file. */
function assertIssuesLocated(kb: KnowledgeBase, inputs: readonly KnowledgeFile[]): void {
  const byPath = new Map(inputs.map((f) => [f.path, f.text]));
  for (const issue of kb.issues) {
    const text = byPath.get(issue.file);
    assert.ok(text !== undefined, `issue names a file that was not given: ${JSON.stringify(issue)}`);
    assert.ok(Number.isInteger(issue.line) && issue.line >= 1 && issue.line <= lineCount(text),
      `issue line ${issue.line} outside ${issue.file} (1..${lineCount(text)}): ${issue.message}`);
    assert.ok(issue.severity === 'error' || issue.severity === 'warning', `bad severity ${issue.severity}`);
    assert.ok(typeof issue.message === 'string' && issue.message.length > 0, 'issue without message');
  }
}

function replaced(index: number, text: string): KnowledgeFile[] {
  return files.map((f, i) => (i === index ? { path: f.path, text } : f));
}

describe('fuzz: knowledge parser on mutated Markdown', function () {
  before(function () {
    assert.ok(files.length >= 3, 'the corpus, the taxonomy and at least one cards file must exist');
    assert.deepEqual(baseline.issues, [], 'the unmodified corpus must be clean for the properties below to mean anything');
    assert.ok(baseline.entries.length > 0 && baseline.cards.length > 0);
  });

  // Each build parses ~1,100 lines of corpus and scores near-duplicates (~0.1 s); keep CI fast.
  const RUNS = 25;
  it('never throws and reports every issue at a real file:line', function () {
    this.timeout(fuzzTimeout(RUNS, 1_500));
    fc.assert(
      fc.property(mutatedFile(files), ({ index, text }) => {
        const inputs = replaced(index, text);
        const kb = buildKnowledgeBase(inputs);
        assert.ok(Array.isArray(kb.entries) && Array.isArray(kb.cards) && Array.isArray(kb.categories) && Array.isArray(kb.issues));
        assertIssuesLocated(kb, inputs);
      }),
      fuzzParams(RUNS),
    );
  });

  it('reports a structural break at the exact file:line, through noise on other lines', function () {
    this.timeout(fuzzTimeout(RUNS, 1_500));
    let checked = 0;
    fc.assert(
      fc.property(targetedBreak(files), (b) => {
        if (b.line === 0) return;
        const index = files.findIndex((f) => f.path === b.file);
        const inputs = replaced(index, b.text);
        const kb = buildKnowledgeBase(inputs);
        assertIssuesLocated(kb, inputs);
        const hit = kb.issues.some((i) => i.file === b.file && i.line === b.line);
        assert.ok(hit, `${b.what}: expected an issue at ${b.file}:${b.line}; got ${JSON.stringify(kb.issues.slice(0, 5))}`);
        checked++;
      }),
      fuzzParams(RUNS),
    );
    assert.ok(checked > RUNS / 2, `only ${checked} targeted breaks were applied`);
  });

  it('absurd entry and item numbers cost one issue each, not one per skipped number', function () {
    this.timeout(fuzzTimeout(RUNS, 1_500));
    const huge = fc.oneof(fc.integer({ min: 31, max: 2 ** 31 }), fc.constantFrom(1e6, 2 ** 53, 2 ** 53 + 2, 1e20, 1e308)).map((n) => n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 0 }));
    fc.assert(
      fc.property(huge, huge, fc.boolean(), (entryNumber, itemNumber, inEnglish) => {
        const text = inEnglish
          ? `#### ${entryNumber}. Title\n\n**Question:** q?\n\n**Answer:**\n\n**${itemNumber}. Term:** body\n`
          : `#### ${entryNumber}. 标题\n\n**题目：** 问题？\n\n**答案：**\n\n**${itemNumber}. 术语：** 正文\n`;
        const file = { path: `/pack/p.${inEnglish ? 'en' : 'zh'}.md`, text };
        const { value: kb, cpuMs } = cpuTimed(() => buildKnowledgeBase([file], { packId: 'p' }));
        assert.ok(cpuMs < 2_000, `numbers ${entryNumber}/${itemNumber} took ${cpuMs.toFixed(0)} ms CPU`);
        assert.ok(kb.issues.length < 20, `${kb.issues.length} issues for one entry with one item`);
        assertIssuesLocated(kb, [file]);
      }),
      fuzzParams(RUNS),
    );
  });

  it('a broken file never takes the other files\' entries and cards down', function () {
    this.timeout(fuzzTimeout(RUNS, 1_500));
    fc.assert(
      fc.property(mutatedFile(files), ({ index, text }) => {
        const mutatedPath = files[index].path;
        const kb = buildKnowledgeBase(replaced(index, text));
        // Cards from every untouched cards file survive, with the same names.
        for (const card of baseline.cards.filter((c) => c.location.file !== mutatedPath)) {
          const again = kb.cards.find((c) => c.id === card.id && c.location.file === card.location.file);
          assert.ok(again, `card ${card.id} from untouched ${card.location.file} disappeared when ${mutatedPath} broke`);
          assert.deepEqual(again.name, card.name);
        }
        // Entries keep the text of each untouched edition (the other language may be broken).
        for (const lang of ['zh', 'en'] as const) {
          for (const entry of baseline.entries) {
            const loc = entry.location[lang];
            if (!loc || loc.file === mutatedPath) continue;
            const again = kb.entries.find((e) => e.number === entry.number && e.title[lang] === entry.title[lang]);
            assert.ok(again, `entry ${entry.number} (${lang}, from untouched ${loc.file}) disappeared when ${mutatedPath} broke`);
          }
        }
      }),
      fuzzParams(RUNS),
    );
  });

  it('a broken team pack leaves the built-in knowledge intact and reports pack issues at pack file:line', function () {
    this.timeout(fuzzTimeout(RUNS, 1_500));
    // The pack is a copy of the corpus (and a cards file) under a pack folder, then mutated.
    const packSources = files.filter((f) => /\.(zh|en)\.md$/.test(f.path) || f.path.startsWith('techniques/')).slice(0, 4);
    const packFiles = packSources.map((f) => ({ path: `/team/pack/${f.path.replace(/^large-model-training-qa/, 'team-qa')}`, text: f.text }));
    fc.assert(
      fc.property(mutatedFile(packFiles), ({ index, text }) => {
        const pack = packFiles.map((f, i) => (i === index ? { path: f.path, text } : f));
        const kb = buildKnowledgeBase(pack, { packId: 'team', base: baseline });
        for (const entry of baseline.entries) {
          const again = kb.entries.find((e) => e.key === entry.key);
          assert.ok(again && again.source === 'builtin', `built-in entry ${entry.key} lost`);
          assert.deepEqual(again.title, entry.title);
          assert.equal(again.items.length, entry.items.length);
        }
        for (const card of baseline.cards) assert.ok(kb.cards.some((c) => c.id === card.id && c.source === 'builtin'), `built-in card ${card.id} lost`);
        for (const e of kb.entries.filter((x) => x.source === 'team')) assert.ok(e.key.startsWith('team:'), `pack entry key ${e.key}`);
        const packIssues = { ...kb, issues: kb.issues.filter((i) => !baseline.issues.includes(i)) };
        assertIssuesLocated(packIssues, pack);
      }),
      fuzzParams(RUNS),
    );
  });
});
