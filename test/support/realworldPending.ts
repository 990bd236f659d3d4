// Prints the corpus findings that have no verdict yet, as verdicts.tsv lines to complete (verdict and reason
// left as `?`), with each finding's message for the reviewer: node --import tsx test/support/realworldPending.ts [case…]
import { caseNames, findingKey, lintCase, readVerdicts } from './realworld';

const verdicts = readVerdicts();
const names = process.argv.slice(2).length ? process.argv.slice(2) : caseNames();
for (const name of names) {
  for (const f of lintCase(name)) {
    const key = findingKey(f);
    if (verdicts.has(key)) continue;
    process.stdout.write(`${key}\t?\t?\t# ${f.message.replace(/\s+/g, ' ')}\n`);
  }
}
