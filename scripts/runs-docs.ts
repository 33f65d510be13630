import { diagnoses } from '../src/core/runs/diagnoses/registry';
import { SERIES_ALIASES } from '../src/core/runs/aliases';
const out: string[] = [];
out.push(`# Training runs: readers and diagnoses

\`training-advisor diagnose PATH…\` (and, later, the editor's Runs view) reads the metrics a training run writes and
diagnoses them. The code is in \`src/core/runs/\` (vscode-free, Node-built-in-free: bytes in, series out); the Node
side (\`src/node/runFiles.ts\`) finds and reads files. This page is generated from the catalog
(\`src/core/runs/diagnoses/*.ts\`) and checked by \`test/unit/runs/docs.test.ts\`.

## Formats

| File name | Format | Notes |
|---|---|---|
| \`trainer_state.json\` | Hugging Face Trainer | \`log_history\`, \`best_metric\`, \`best_model_checkpoint\`; in \`<out>/checkpoint-N/\` the highest N is read. Re-read whole when it changes (the Trainer rewrites it). |
| \`metrics.csv\` | Lightning \`CSVLogger\` | sparse columns (\`train_loss_step\`, \`val_loss\`, \`epoch\`, \`step\`); empty cell = not logged at that step |
| \`events.out.tfevents.*\` | TensorBoard | TFRecord frames, masked CRC-32C checked, \`Event\`/\`Summary\` decoded with protobufjs's Reader (only the fields a scalar needs; images, histograms, graph_def skipped); \`simple_value\` and rank-0 \`tensor\` scalars; all event files of a folder form one run |
| \`*.csv\`, \`*.tsv\` | CSV a custom loop writes | header row; columns matched through the aliases below |
| \`*.jsonl\`, \`*.ndjson\` | JSON Lines | nested keys joined with \`_\`; Python's \`NaN\`/\`Infinity\` accepted |
| \`*.log\`, \`*.out\` | printed logs | HF dicts \`{'loss': 2.31, …}\`, \`key=value\` / \`key: value\`, \`iter 100: loss 2.31, time 34ms\` |

A file still being written is read up to its last complete record; a grown file is re-read from where the last
read stopped. Corrupt input is reported with file and line (text formats) or byte offset (event files, JSON) and
everything readable is kept: a ragged CSV row or broken JSON line is skipped, a bad record CRC skips that record,
a bad length CRC stops the file there, a broken \`trainer_state.json\` keeps the complete \`log_history\` records
before the break.

## Recognized names

Matching is case-insensitive after folding \` / . -\` to \`_\`; \`train/…\`, \`eval/…\`, \`…/train\`, \`…/val\` and grouped
TensorBoard tags (\`perf/tokens_per_sec\`) are understood. Any other column keeps its folded name as an extra
series.

| Series | Names |
|---|---|`);
for (const [k, v] of Object.entries(SERIES_ALIASES)) out.push(`| \`${k}\` | ${v.map((a) => `\`${a}\``).join(', ')} |`);
out.push(`
## Diagnoses

Thresholds can be overridden per diagnosis (\`diagnoseRun(run, { thresholds: { "loss-spike": { "ratio": 3 } } })\`);
\`diagnose --disable id,…\` turns diagnoses off.`);
for (const d of diagnoses) {
  out.push(`
### \`${d.id}\` — ${d.title.en} / ${d.title.zh}

${d.docs.detects.en}

${d.docs.detects.zh}

*Why:* ${d.docs.why.en}

*原因：* ${d.docs.why.zh}

Severity \`${d.severity}\` · needs ${d.needs.map((n) => `\`${n}\``).join(', ')} · advice ${d.advice.map((a) => `\`${a}\``).join(', ')}${d.relatedRules.length ? ` · related code rules ${d.relatedRules.map((r) => `\`${r}\``).join(', ')}` : ''}
`);
  if (Object.keys(d.thresholds).length) {
    out.push('| Threshold | Default | Meaning | 含义 |\n|---|---:|---|---|');
    for (const [k, t] of Object.entries(d.thresholds)) out.push(`| \`${k}\` | ${t.default} | ${t.doc.en} | ${t.doc.zh} |`);
  }
}
console.log(out.join('\n'));
