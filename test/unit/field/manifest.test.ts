// The field set's manifests (#16) are data the rule work is judged on: they must parse, label every rule of the
// registry (and the rules #16 asks for) in every file, pin real commits and keep clear of the reserved repositories.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rules } from '../../../src/core/analysis/registry';
import { NEW_RULES, parseLabel } from '../../../scripts/field-labels';

const root = path.resolve(__dirname, '../../..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(root, p), 'utf8'));

interface FileEntry { repo: string; path: string; commit: string; category: string; labels: Record<string, string> }

/** #16 keeps these for independent evaluation. */
const RESERVED = [
  /^pytorch\/examples$/, /^karpathy\//, /^huggingface\/accelerate$/, /^huggingface\/pytorch-image-models$/, /^ultralytics\/yolov5$/,
  /^kuangliu\/pytorch-cifar$/, /^facebookresearch\/DiT$/, /^facebookresearch\/dino$/, /^yunjey\/pytorch-tutorial$/,
  /^Lightning-AI\/pytorch-lightning$/, /^lucidrains\/x-transformers$/, /^eriklindernoren\/PyTorch-GAN$/,
  /^tatsu-lab\/stanford_alpaca$/, /^tloen\/alpaca-lora$/, /^huggingface\/peft$/, /^microsoft\/DeepSpeedExamples$/,
  /^meta-llama\/llama-(recipes|cookbook)$/, /^rasbt\/LLMs-from-scratch$/, /^udacity\/deep-learning-v2-pytorch$/,
  /^bentrevett\/pytorch-seq2seq$/, /^mrdbourke\/pytorch-deep-learning$/, /^mlabonne\/llm-course$/, /^Atcold\/NYU-DLSP20$/,
  /^phlippe\/uvadlc_notebooks$/,
];

describe('field label grammar', () => {
  it('reads flags with lines, ranges and notebook cells', () => {
    assert.deepEqual(parseLabel('flag 88,140-142: two hints'), {
      verdict: 'flag', reason: 'two hints',
      expected: [{ cell: null, from: 88, to: 88 }, { cell: null, from: 140, to: 142 }],
    });
    assert.deepEqual(parseLabel('flag c13:11,c15:2-3: cells').expected, [{ cell: 13, from: 11, to: 11 }, { cell: 15, from: 2, to: 3 }]);
    assert.deepEqual(parseLabel('correct: clips at 1.0 (12)'), { verdict: 'correct', expected: [], reason: 'clips at 1.0 (12)' });
    assert.equal(parseLabel('n/a: no loop: nothing to say').reason, 'no loop: nothing to say');
  });

  it('rejects labels without a verdict, lines on non-flags, flags without lines or reasons', () => {
    for (const bad of ['maybe 12: hm', 'correct 12: lines on a non-flag', 'flag: no lines', 'flag 12:', 'n/a', 'flag 12 no colon']) {
      assert.throws(() => parseLabel(bad), Error, bad);
    }
  });
});

describe('field/manifest.json', () => {
  const manifest = readJson('field/manifest.json') as { tolerance: number; files: FileEntry[] };
  const ruleIds = [...rules.map((r) => r.id), ...NEW_RULES.filter((id) => !rules.some((r) => r.id === id))];

  it('holds at least 40 files, at least half LLM fine-tuning, none from a reserved repository, no duplicates', () => {
    assert.ok(manifest.files.length >= 40, `${manifest.files.length} files`);
    const llm = manifest.files.filter((f) => f.category.startsWith('llm-finetune/')).length;
    assert.ok(llm * 2 >= manifest.files.length, `${llm} of ${manifest.files.length} are LLM fine-tuning`);
    for (const f of manifest.files) assert.ok(!RESERVED.some((r) => r.test(f.repo)), `${f.repo} is reserved by #16`);
    const keys = manifest.files.map((f) => `${f.repo}:${f.path}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(Number.isInteger(manifest.tolerance) && manifest.tolerance >= 0);
  });

  it('pins each file to a full commit id', () => {
    for (const f of manifest.files) assert.match(f.commit, /^[0-9a-f]{40}$/, `${f.repo}:${f.path}`);
  });

  it('labels every rule in every file with a parseable label and a reason, and nothing else', () => {
    for (const f of manifest.files) {
      const where = `${f.repo}:${f.path}`;
      assert.deepEqual(Object.keys(f.labels).sort(), [...ruleIds].sort(), where);
      for (const [id, text] of Object.entries(f.labels)) {
        const label = parseLabel(text);
        assert.ok(label.reason.length >= 3, `${where} ${id}: reason too short`);
        const notebook = f.path.endsWith('.ipynb');
        for (const e of label.expected) {
          assert.equal(e.cell !== null, notebook, `${where} ${id}: notebook lines need a cell (c7:12), script lines none`);
          assert.ok(e.from >= 1 && e.to >= e.from, `${where} ${id}: bad line range`);
        }
      }
    }
  });
});

describe('field/quiet.json', () => {
  it('names three non-reserved repositories with pinned commits and folders', () => {
    const quiet = readJson('field/quiet.json') as { repos: Array<{ repo: string; commit: string; folders: string[] }> };
    assert.ok(quiet.repos.length >= 3);
    for (const r of quiet.repos) {
      assert.ok(!RESERVED.some((x) => x.test(r.repo)), r.repo);
      assert.match(r.commit, /^[0-9a-f]{40}$/);
      assert.ok(r.folders.length > 0 && r.folders.every((d) => d && !d.startsWith('/') && !d.includes('..')));
    }
  });
});
