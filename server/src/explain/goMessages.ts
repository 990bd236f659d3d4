// The go command's failure messages in a build's output: a `go: …` line with its continuation lines (tab-indented
// details, the `file:line:` lines after `errors parsing go.mod:`, git's advice), the checksum mismatch block, a
// compiler-style `main.go:3:8: missing go.sum entry …`, and a shell that cannot find go. Progress lines are not
// failures; a message the log repeats for the same step (BuildKit's summary) is one message.
import type { StepLine, LogStep } from './buildSteps';

export interface GoMessage {
  text: string;
  /** 1-based line in the log where the message starts. */
  logLine: number;
  step?: LogStep;
}

const PROGRESS =
  /^go: (downloading|finding|extracting|found|added|upgraded|downgraded|removed|creating new go\.mod|warning:|to add module requirements|switching to|module .* found .* but does not contain package)/;
const STARTS = [
  /^go: /,
  /^verifying \S+@\S+: checksum mismatch/,
  /^\S+\.go:\d+:\d+: missing go\.sum entry/,
  /^(?:\/bin\/sh: (?:\d+: )?|sh: (?:\d+: )?)go: (?:not found|command not found)$/,
  /^exec: "go": executable file not found/,
];
const GIT_ADVICE = /^(Confirm the import path was entered correctly\.|If this is a private repository, see )/;

function continues(line: string, message: { text: string; mismatch: boolean }): boolean {
  if (line.startsWith('\t') || GIT_ADVICE.test(line)) return true;
  // `go: errors parsing go.mod:` is followed by unindented `path/go.mod:3: …` lines.
  if (/errors parsing go\.mod:$/.test(message.text.split('\n')[0]!) && /^\S+:\d+: /.test(line)) return true;
  // The mismatch block runs on through a blank line and a fixed paragraph to `For more information …`.
  return message.mismatch && !/^go: /.test(line) && !/For more information, see 'go help module-auth'\.$/.test(message.text);
}

export function goMessages(lines: readonly StepLine[]): GoMessage[] {
  const out: GoMessage[] = [];
  const seen = new Set<string>();
  let open: { text: string; logLine: number; step?: LogStep; mismatch: boolean } | undefined;
  const close = () => {
    if (!open) return;
    const text = open.text.replace(/\s+$/, '');
    const key = `${open.step?.logLine ?? 0}\u0000${text}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ text, logLine: open.logLine, ...(open.step ? { step: open.step } : {}) });
    }
    open = undefined;
  };
  for (const line of lines) {
    if (open && line.step === open.step && continues(line.text, open)) {
      open.text += '\n' + line.text;
      continue;
    }
    close();
    const text = line.text.replace(/\s+$/, '');
    if (PROGRESS.test(text) || !STARTS.some((p) => p.test(text))) continue;
    open = { text, logLine: line.n, mismatch: /checksum mismatch/.test(text), ...(line.step ? { step: line.step } : {}) };
  }
  close();
  return out;
}
