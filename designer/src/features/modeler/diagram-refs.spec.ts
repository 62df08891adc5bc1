import { describe, expect, it } from 'vitest';
import { referencedFormIds } from './diagram-refs';
import { flattenLintIssues } from './lint/lint-issues';

describe('diagram references', () => {
  it('lists the static form ids once', () => {
    const xml = '<zeebe:formDefinition formId="interview" /><zeebe:formDefinition formId="interview"/><zeebe:formDefinition formId="=f" /><zeebe:formDefinition formId="plan" />';
    expect(referencedFormIds(xml)).toEqual(['interview', 'plan']);
  });

  it('flattens lint issues, errors first', () => {
    const flat = flattenLintIssues({
      a: [{ id: 'a', message: 'warn', category: 'warn', rule: 'label-required' }],
      p: [{ id: 'p', actualElementId: 'hidden', message: 'err', category: 'error', rule: 'pd/x' }],
    });
    expect(flat.map((i) => [i.elementId, i.category])).toEqual([['hidden', 'error'], ['a', 'warn']]);
  });
});
