import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import { compileBpmn } from './model/compile-bpmn.js';

// The OMG MIWG reference models, vendored as test fixtures outside src/ (CC BY 3.0; attribution in
// test/fixtures/miwg/SOURCE.md).
const dir = fileURLToPath(new URL('../../../test/fixtures/miwg/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bpmn'))
  .sort();

/** The MIWG models that use only executable elements and therefore deploy. */
const DEPLOYABLE = ['A.1.0.bpmn', 'A.4.0.bpmn', 'A.4.1.bpmn'];

const SUPPORTED_DEFINITIONS = new Set([
  'bpmn:MessageEventDefinition',
  'bpmn:TimerEventDefinition',
  'bpmn:SignalEventDefinition',
  'bpmn:ErrorEventDefinition',
  'bpmn:EscalationEventDefinition',
  'bpmn:TerminateEventDefinition',
]);
const UNSUPPORTED_KINDS = new Set(['bpmn:BusinessRuleTask', 'bpmn:ComplexGateway', 'bpmn:Transaction', 'bpmn:AdHocSubProcess']);

type Node = { $type: string; id?: string; [key: string]: any };

/** Ids of elements whose kind or event definition the engine does not execute, found independently of the compiler. */
async function unsupportedIds(xml: string): Promise<string[]> {
  const { rootElement } = await new BpmnModdle().fromXML(xml);
  const ids: string[] = [];
  const walk = (container: Node): void => {
    for (const node of (container.flowElements ?? []) as Node[]) {
      if (UNSUPPORTED_KINDS.has(node.$type)) ids.push(node.id!);
      for (const d of (node.eventDefinitions ?? []) as Node[]) if (!SUPPORTED_DEFINITIONS.has(d.$type)) ids.push(node.id!);
      if (node.loopCharacteristics?.$type === 'bpmn:StandardLoopCharacteristics') ids.push(node.id!);
      if (node.flowElements) walk(node);
    }
  };
  for (const root of (rootElement as Node).rootElements as Node[]) if (root.$type === 'bpmn:Process') walk(root);
  return ids;
}

describe('OMG MIWG reference models', () => {
  it.each(files)('given %s, when compiled, then it does not throw and yields processes or problems', async (file) => {
    const xml = readFileSync(dir + file, 'utf8');
    const result = await compileBpmn(xml, file);
    expect(result.processes.length + result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(problem.resource).toBe(file);
      expect(problem.message.length).toBeGreaterThan(5);
    }
  });

  it('given all models, when compiled, then exactly the ones using only supported elements deploy', async () => {
    const clean: string[] = [];
    for (const file of files) {
      const result = await compileBpmn(readFileSync(dir + file, 'utf8'), file);
      if (result.problems.length === 0) clean.push(file);
    }
    expect(clean).toEqual(DEPLOYABLE);
  });

  it.each(files.filter((f) => !DEPLOYABLE.includes(f)))(
    'given %s, when compiled, then every unsupported element id is named in a problem',
    async (file) => {
      const xml = readFileSync(dir + file, 'utf8');
      const result = await compileBpmn(xml, file);
      expect(result.problems.length).toBeGreaterThan(0);
      const named = new Set(result.problems.map((p) => p.elementId));
      for (const id of await unsupportedIds(xml)) expect(named).toContain(id);
      // every problem names an element that exists in the document (or none, for document-level ones)
      for (const p of result.problems) if (p.elementId) expect(xml).toContain(`"${p.elementId}"`);
    },
  );
});
