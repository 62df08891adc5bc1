import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { customTranslate, translateModule } from './index';
import { bpmnRu } from './bpmn-ru';

const require = createRequire(import.meta.url);
const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const read = (name: string, file: string) => readFileSync(join(pkgDir(name), file), 'utf8');

/** The literal templates a source passes to `translate('…')`. */
function translateCalls(source: string): string[] {
  return [...source.matchAll(/translate\(\s*'((?:\\'|[^'])*)'/g)].map((m) => m[1].replace(/\\'/g, "'"));
}

describe('customTranslate', () => {
  it('translates to Russian and fills in replacements', () => {
    const t = customTranslate('ru');
    expect(t('Create task')).toBe('Создать задачу');
    expect(t('Open {element}', { element: 'Подпроцесс' })).toBe('Открыть Подпроцесс');
  });

  it('keeps the library texts in English and unknown texts as they are', () => {
    expect(customTranslate('en')('Create task')).toBe('Create task');
    expect(customTranslate('ru')('Something new {x}', { x: 1 })).toBe('Something new 1');
  });

  it('is a didi module providing the translate value', () => {
    const mod = translateModule('ru') as { translate: [string, (s: string) => string] };
    expect(mod.translate[0]).toBe('value');
    expect(mod.translate[1]('Delete')).toBe('Удалить');
  });
});

describe('Russian dictionary covers what the modeler shows', () => {
  it('palette, context pad and replace menu of bpmn-js', () => {
    const files = [
      'lib/features/palette/PaletteProvider.js',
      'lib/features/context-pad/ContextPadProvider.js',
      'lib/features/popup-menu/ReplaceMenuProvider.js',
    ];
    const templates = files.flatMap((f) => translateCalls(read('bpmn-js', f)));
    expect(templates.length).toBeGreaterThan(30);
    expect(templates.filter((k) => !bpmnRu[k])).toEqual([]);
  });

  it('replace menu entries', () => {
    const src = read('bpmn-js', 'lib/features/popup-menu/PopupEntries.js');
    const labels = [...src.matchAll(/label: '((?:\\'|[^'])*)'/g)].map((m) => m[1]);
    expect(labels.length).toBeGreaterThan(50);
    expect(labels.filter((k) => !bpmnRu[k])).toEqual([]);
  });

  it('group and entry labels of the BPMN and Zeebe properties providers', () => {
    const dist = read('bpmn-js-properties-panel', 'dist/index.esm.js');
    // the bundle holds the BPMN provider, then the Zeebe provider (ending with its module
    // `index$1`), then Camunda 7's (not used here)
    const start = dist.indexOf('class BpmnPropertiesPanelRenderer');
    const end = dist.indexOf('var index$1 = {', dist.indexOf('class ZeebePropertiesProvider'));
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const labels = new Set(
      [...dist.slice(start, end).matchAll(/label: translate\('((?:\\'|[^'])*)'\)/g)].map((m) => m[1]),
    );
    expect(labels.size).toBeGreaterThan(50);
    expect([...labels].filter((k) => !bpmnRu[k])).toEqual([]);
    for (const group of ['General', 'Assignment', 'Form', 'Task definition', 'Input mapping', 'Multi-instance', 'Timer']) {
      expect(bpmnRu[group], group).toMatch(/[а-яё]/i);
    }
  });

  it('every translation keeps the placeholders of its template', () => {
    const ph = (s: string) => [...s.matchAll(/{(\w+)}/g)].map((m) => m[1]).sort();
    for (const [en, ru] of Object.entries(bpmnRu)) expect(ph(ru), en).toEqual(ph(en));
  });
});
