/**
 * What a process is and where it begins, read from its BPMN: the process's documentation and the
 * name of its first step after the plain start event (through unnamed gateways and events), and
 * whether it can be started by hand at all (a process with only timer, message or signal starts starts by itself).
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

/** What the start page says of a process. */
export interface ProcessOutline {
  description: string;
  firstStep: string;
  /** Whether it has a plain start event (false: it starts by itself). */
  manualStart: boolean;
}

/** The description and the first step of process `key` in `xml` (empty when the diagram does not say). */
export async function processOutline(xml: string, key: string): Promise<ProcessOutline> {
  let root: { rootElements?: Node[] };
  try {
    root = (await BpmnModdle().fromXML(xml)).rootElement as { rootElements?: Node[] };
  } catch {
    return { description: '', firstStep: '', manualStart: true };
  }
  const process = root.rootElements?.find((e) => e.$type === 'bpmn:Process' && e.id === key);
  if (!process) return { description: '', firstStep: '', manualStart: true };
  const description = process.documentation?.map((d) => d.text ?? '').join(' ').trim() ?? '';
  const elements = process.flowElements ?? [];
  const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const next = (n: Node) => flows.filter((f) => f.sourceRef === n).map((f) => f.targetRef).filter((x): x is Node => !!x);
  const start = elements.find((e) => e.$type === 'bpmn:StartEvent' && !e.eventDefinitions?.length);
  let frontier = start ? next(start) : [];
  for (let hops = 0; hops < 5 && frontier.length; hops++) {
    const named = frontier.find((e) => e.name && !/Gateway$|Event$/.test(e.$type));
    if (named) return { description, firstStep: named.name!, manualStart: true };
    frontier = frontier.flatMap(next);
  }
  return { description, firstStep: '', manualStart: !!start };
}
