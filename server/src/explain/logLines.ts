// A build log as lines of text, whatever carried it: the CI's timestamps and markers (GitHub Actions, GitLab), a
// terminal's colours and cursor movements, carriage returns. Each line keeps its 1-based number in the log as given.

/** The CI system whose log wraps the build's output, when one is recognised. */
export type LogWrapper = 'github-actions' | 'gitlab';

export interface LogLine {
  /** 1-based line number in the log as given. */
  n: number;
  text: string;
}

// GitLab's job log: an RFC 3339 timestamp, a two-digit stream number, O or E (stdout, stderr), + for a continued line.
const GITLAB_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z \d\d[OE]\+? ?/;
// GitHub Actions' downloaded logs: an RFC 3339 timestamp with 7 fractional digits, then a space.
const GITHUB_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z /;
const GITLAB_SECTION = /section_(?:start|end):\d+:[A-Za-z0-9_.-]+(?:\[[^\]]*\])?\r?(?:\u001b\[0K)?/g;
const GITHUB_COMMAND = /^(?:##\[(group|endgroup|error|warning|notice|debug|command|section)\]|::(group|endgroup|error|warning|notice|debug)(?: [^:]*)?::)/;
// CSI (colours, cursor movement, erase), OSC (titles, links) and the other two-character escapes.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

/** Text as a terminal would show the line: after the last carriage return that has text after it, without escapes. */
function shown(raw: string): string {
  const noAnsiEnd = raw.replace(/\r+$/, '');
  const parts = noAnsiEnd.split('\r');
  let text = parts[parts.length - 1]!;
  for (let i = parts.length - 1; i >= 0 && text.replace(ANSI, '').trim() === ''; i--) text = parts[i]!;
  // Terminals pad lines with spaces (a tty display, a copied screen): trailing blanks never mean anything here.
  return text.replace(ANSI, '').trimEnd();
}

export function logLines(log: string): { lines: LogLine[]; wrapper?: LogWrapper } {
  const raw = log.split('\n');
  let gitlab = 0;
  let github = 0;
  for (const line of raw.slice(0, 200)) {
    if (GITLAB_STAMP.test(line) || line.includes('section_start:')) gitlab++;
    else if (GITHUB_STAMP.test(line) || /^##\[(group|endgroup)\]/.test(line)) github++;
  }
  const wrapper: LogWrapper | undefined = gitlab > 0 && gitlab >= github ? 'gitlab' : github > 0 ? 'github-actions' : undefined;
  const lines: LogLine[] = [];
  raw.forEach((line, i) => {
    let text = line;
    if (wrapper === 'gitlab') text = text.replace(GITLAB_STAMP, '').replace(GITLAB_SECTION, '');
    else if (wrapper === 'github-actions') text = text.replace(GITHUB_STAMP, '');
    text = shown(text);
    const command = GITHUB_COMMAND.exec(text);
    if (command) {
      if (/^(endgroup|debug)$/.test(command[1] ?? command[2]!)) return;
      text = text.slice(command[0].length);
    }
    lines.push({ n: i + 1, text });
  });
  return { lines, ...(wrapper ? { wrapper } : {}) };
}
