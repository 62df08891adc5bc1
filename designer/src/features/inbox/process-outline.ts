/**
 * What a process is and where it begins, read from its BPMN: the process's documentation and the
 * name of its first step after the plain start event (through unnamed gateways and events).
 */
import { BpmnModdle } from 'bpmn-moddle';

interface Node {
  $type: string;
  id: string;
  name?: string;
  eventDefinitions?: unknown[];
  sourceRef?: Node;
  targetRef?: Node;
  flowElements?: Node[];
  documentation?: { text?: string }[];
}

/** The description and the first step of process `key` in `xml` (empty when the diagram does not say). */
export async function processOutline(xml: string, key: string): Promise<{ description: string; firstStep: string }> {
  let root: { rootElements?: Node[] };
  try {
    root = (await BpmnModdle().fromXML(xml)).rootElement as { rootElements?: Node[] };
  } catch {
    return { description: '', firstStep: '' };
  }
  const process = root.rootElements?.find((e) => e.$type === 'bpmn:Process' && e.id === key);
  if (!process) return { description: '', firstStep: '' };
  const description = process.documentation?.map((d) => d.text ?? '').join(' ').trim() ?? '';
  const elements = process.flowElements ?? [];
  const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const next = (n: Node) => flows.filter((f) => f.sourceRef === n).map((f) => f.targetRef).filter((x): x is Node => !!x);
  const start = elements.find((e) => e.$type === 'bpmn:StartEvent' && !e.eventDefinitions?.length);
  let frontier = start ? next(start) : [];
  for (let hops = 0; hops < 5 && frontier.length; hops++) {
    const named = frontier.find((e) => e.name && !/Gateway$|Event$/.test(e.$type));
    if (named) return { description, firstStep: named.name! };
    frontier = frontier.flatMap(next);
  }
  return { description, firstStep: '' };
}
