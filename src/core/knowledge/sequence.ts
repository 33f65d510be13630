/**
 * Numbering check shared by entries and items: numbers must run 1, 2, 3, … in file order.
 * Each problem is reported once, at the line where it becomes visible.
 */
/** Gaps wider than this are reported as one range instead of number by number. */
const MAX_LISTED_GAP = 20;

export function checkNumberSequence(
  numbered: ReadonlyArray<{ number: number; line: number }>,
  describe: (n: number) => string,
  report: (line: number, message: string) => void,
): void {
  const firstLine = new Map<number, number>();
  let max = 0;
  for (const { number, line } of numbered) {
    const seen = firstLine.get(number);
    if (seen !== undefined) {
      report(line, `${describe(number)} is repeated (first at line ${seen})`);
      continue;
    }
    firstLine.set(number, line);
    if (number < max) {
      report(line, `${describe(number)} is out of order (comes after ${describe(max)})`);
      continue;
    }
    // A huge jump (`#### 1000000.`, found by the fuzz suite) must cost one issue, not one per number: a loop
    // over the gap ran out of memory, and never ended past 2^53.
    if (number - max > MAX_LISTED_GAP) {
      report(line, `${describe(max + 1)} to ${describe(number - 1)} are missing (before ${describe(number)})`);
      max = number;
      continue;
    }
    for (let missing = max + 1; missing < number; missing++) {
      // A number that shows up later is out of order, not missing; it is reported there.
      if (!numbered.some((x) => x.number === missing)) report(line, `${describe(missing)} is missing (before ${describe(number)})`);
    }
    max = number;
  }
}
