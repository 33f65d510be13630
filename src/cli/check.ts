/** Placeholder until the analysis CLI lands: `training-advisor check` is owned by the analysis engine. */
export async function runCheck(_argv: string[]): Promise<number> {
  process.stderr.write('training-advisor: check is not available in this build yet\n');
  return 1;
}
