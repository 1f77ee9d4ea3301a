import { TOO_MANY_ISSUES, type Issue, type IssueCode } from './issues.ts';

/** Builds an issue whose message starts with the line number, as land officers read the file in a text editor. */
export function issue(code: IssueCode, line: number | null, text: string): Issue {
  return { code, line, message: line === null ? text : `第 ${line} 行：${text}` };
}

/** Quotes at most 40 characters of a value in a message. */
export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Why a cap: a file with one systematic mistake (a comma for a dot on every line) would otherwise yield
 * 200,000 identical issues; fifty name the problem, a count says how widespread it is.
 */
const MAX_ISSUES_PER_LIST = 50;

/** A list of issues that keeps the first MAX_ISSUES_PER_LIST and counts the rest. */
export class IssueList {
  private readonly items: Issue[] = [];
  private dropped = 0;

  add(item: Issue): void {
    if (this.items.length < MAX_ISSUES_PER_LIST) this.items.push(item);
    else this.dropped++;
  }

  toArray(): Issue[] {
    if (this.dropped === 0) return [...this.items];
    return [...this.items, issue(TOO_MANY_ISSUES, null, `另有 ${this.dropped} 处问题未逐条列出，请先改正以上问题后重新导入`)];
  }
}
