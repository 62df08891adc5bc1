/** The issues bpmn-js-bpmnlint reports (`linting.completed`), as one flat list. */

export interface LintIssue {
  elementId: string;
  rule: string;
  message: string;
  category: 'error' | 'warn' | 'info' | string;
}

type Reported = { id: string; actualElementId?: string; rule?: string; message: string; category: string };

/** Flattens `{ elementId: [issue] }`; errors first, then by element. */
export function flattenLintIssues(issues: Record<string, Reported[]>): LintIssue[] {
  const out: LintIssue[] = [];
  for (const [id, list] of Object.entries(issues ?? {})) {
    for (const i of list) out.push({ elementId: i.actualElementId ?? i.id ?? id, rule: i.rule ?? '', message: i.message, category: i.category });
  }
  const rank = (c: string) => (c === 'error' ? 0 : c === 'warn' ? 1 : 2);
  return out.sort((a, b) => rank(a.category) - rank(b.category) || a.elementId.localeCompare(b.elementId));
}
