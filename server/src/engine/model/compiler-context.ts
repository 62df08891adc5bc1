import type { ElementModel, FlowModel, Problem } from './process-model.types.js';

// bpmn-moddle objects are untyped; this is the shape we read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- moddle's object graph has no types
export type Node = { $type: string; id?: string; name?: string; [key: string]: any };

/**
 * What the parts of the compiler share while compiling one process: the elements and flows built
 * so far, the problems, and the checks of FEEL values and extension elements.
 */
export interface CompilerContext {
  readonly elements: Record<string, ElementModel>;
  readonly flows: Record<string, FlowModel>;
  readonly problems: readonly Problem[];
  /** Sequence flows as read, with their scope; resolved by `finish`. */
  readonly rawFlows: readonly { node: Node; scopeId: string }[];
  /** Service-task action types the engine knows. */
  readonly actionTypes: ReadonlySet<string>;
  problem(elementId: string | undefined, message: string): void;
  /** Checks the syntax of a FEEL body, then (when probing) that it fits the evaluation bounds without data. */
  checkFeelBody(elementId: string, what: string, body: string): void;
  /** Checks a FEEL-or-static value. */
  checkValue(elementId: string, what: string, value: string | undefined): void;
  /** Checks an expression that is always FEEL (with or without `=`); returns its body. */
  checkFeel(elementId: string, what: string, value: string | undefined): string | undefined;
  extensions(node: Node): Node[];
  ext(node: Node, type: string): Node | undefined;
}
