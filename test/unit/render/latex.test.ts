import { strict as assert } from 'node:assert';
import { latexToText } from '../../../src/core/render/latex';
import { ACCURACY, F1 } from './fixture';

describe('render/latex: formulas as readable text', () => {
  it('turns \\frac and \\text into "a / b"', () => {
    assert.equal(latexToText(ACCURACY), 'Accuracy = 正确预测的样本数 / 总样本数');
  });

  it('parenthesizes compound fraction sides and renders \\times as ×', () => {
    assert.equal(latexToText(F1), 'F1 Score = 2 × (Precision × Recall) / (Precision + Recall)');
  });

  it('handles nested fractions, roots, sub/superscripts and Greek letters', () => {
    assert.equal(latexToText('\\frac{1}{\\frac{a}{b}}'), '1 / (a / b)');
    assert.equal(latexToText('\\sqrt{x_{i}^{2}}'), '√(x_i^2)');
    assert.equal(latexToText('\\lambda \\cdot w'), 'λ · w');
  });

  it('never leaves a backslash command or brace in the output', () => {
    const out = latexToText('\\mathrm{lr} = \\eta \\times \\unknown{x}');
    assert.doesNotMatch(out, /[\\{}]/);
    assert.match(out, /lr = η × unknown/);
  });
});
