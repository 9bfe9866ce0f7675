// Source text with code-point offsets and cel-go's error rendering (common/source.go, common/error.go,
// common/errors.go): "ERROR: <input>:1:6: message\n | source line\n | .....^".

export class Source {
  readonly codePoints: string[];
  /** code-point offset at which each line starts */
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    this.codePoints = Array.from(text);
    this.lineStarts = [0];
    this.codePoints.forEach((c, i) => {
      if (c === '\n') this.lineStarts.push(i + 1);
    });
  }

  /** 1-based line and 0-based column of a code-point offset. */
  location(offset: number): { line: number; column: number } {
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1] <= offset) line++;
    return { line: line + 1, column: offset - this.lineStarts[line] };
  }

  snippet(line: number): string | undefined {
    const start = this.lineStarts[line - 1];
    if (start === undefined || this.codePoints.length === 0) return undefined;
    const next = this.lineStarts[line];
    return this.codePoints.slice(start, next === undefined ? this.codePoints.length : next - 1).join('');
  }
}

export interface Issue {
  /** code-point offset of the expression the issue is reported at; -1 when there is none */
  readonly offset: number;
  readonly message: string;
}

const MAX_SNIPPET_LENGTH = 16384;
const WIDE_DOT = '\uff0e';
const WIDE_IND = '\uff3e';

const utf8Width = (c: string): number => new TextEncoder().encode(c).length;

function display(source: Source, issue: Issue): string {
  const loc = issue.offset < 0 ? { line: -1, column: -1 } : source.location(issue.offset);
  let out = `ERROR: <input>:${loc.line}:${loc.column + 1}: ${issue.message}`;
  const snippet = loc.line > 0 ? source.snippet(loc.line) : undefined;
  if (snippet !== undefined && snippet.length <= MAX_SNIPPET_LENGTH) {
    const text = snippet.replace(/\t/g, ' ');
    const chars = Array.from(text);
    let ind = '';
    for (let i = 0; i < loc.column && i < chars.length; i++) ind += utf8Width(chars[i]) > 1 ? WIDE_DOT : '.';
    const at = chars[Math.min(loc.column, chars.length)];
    ind += at !== undefined && loc.column < chars.length && utf8Width(at) > 1 ? WIDE_IND : '^';
    out += `\n | ${text}\n | ${ind}`;
  }
  return out;
}

/** Errors.ToDisplayString: issues sorted by position (stable), at most 100 reported. */
export function formatIssues(source: Source, issues: readonly Issue[]): string {
  const max = 100;
  const keyed = issues.map((i, n) => ({ i, n, loc: i.offset < 0 ? { line: -1, column: -1 } : source.location(i.offset) }));
  keyed.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column || a.n - b.n);
  const lines = keyed.slice(0, max).map((k) => display(source, k.i));
  if (issues.length > max) lines.push(`${issues.length - max} more errors were truncated`);
  return lines.join('\n');
}
