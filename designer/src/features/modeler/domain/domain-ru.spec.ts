import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './date-preview';
import { domainRu } from './domain-ru';
import { formOptions, roleOptions } from './options';
import { setCatalog } from './catalog';

describe('Russian of the domain entries', () => {
  it('covers every template the provider and the examples pass to translate', () => {
    const source = ['./DomainPropertiesProvider.ts', './options.ts'].map((f) => readFileSync(new URL(f, import.meta.url), 'utf8')).join('\n');
    const templates = [...source.matchAll(/\bt\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2].replace(/\\'/g, "'"));
    templates.push(...Object.values(EXAMPLES).flat().map((e) => e.label));
    expect(templates.length).toBeGreaterThan(10);
    expect(templates.filter((t) => !domainRu[t])).toEqual([]);
  });

  it('lists the declared roles with the system roles, an undeclared current value first', () => {
    setCatalog({ roles: [{ key: 'methodist', name: 'Методист', level: 'school' }] });
    const options = roleOptions('ghost');
    expect(options.map((o) => o.value)).toEqual(['', 'ghost', 'methodist', 'admin', 'supervisor']);
    expect(options[1].label).toContain('not declared');
    // a level is named as the variant names it
    setCatalog({ roles: [{ key: 'methodist', name: 'Методист', level: 'school', levelName: 'Образовательная организация' }] });
    expect(roleOptions(undefined).find((o) => o.value === 'methodist')!.label).toBe('Методист (methodist, level Образовательная организация)');
  });

  it('lists forms by their title with the id beside it', () => {
    setCatalog({ forms: [{ id: 'hold-event', name: 'Проведение мероприятия', source: 'deployed' }, { id: 'untitled', source: 'deployed' }, { id: 'new-one', name: 'Новая', source: 'draft' }] });
    expect(formOptions(undefined).map((o) => o.label)).toEqual(['— no form —', 'Проведение мероприятия (hold-event)', 'untitled', 'Новая (new-one) (draft)']);
  });
});
