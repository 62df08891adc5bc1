/**
 * The bpmnlint configuration of the modeler: bpmnlint's `recommended` rules plus the project's
 * `pd` plugin, resolved statically (no bundler plugin needed). `label-required` is a warning:
 * an unnamed start or end event is untidy but runs.
 */
import recommended from 'bpmnlint/config/recommended';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import global from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';
import { PD_RULES } from './pd-rules';

const BPMNLINT_RULES: Record<string, unknown> = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  global,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-bpmndi': noBpmndi,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway,
  'no-overlapping-elements': noOverlappingElements,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
  'superfluous-label': superfluousLabel,
  'superfluous-termination': superfluousTermination,
};

/** A bpmnlint resolver over a fixed cache (`rule:<pkg>/<name>`, `config:<pkg>/<name>`). */
export class StaticResolver {
  constructor(private readonly cache: Record<string, unknown>) {}
  resolveRule(pkg: string, name: string): unknown {
    return this.resolve('rule', pkg, name);
  }
  resolveConfig(pkg: string, name: string): unknown {
    return this.resolve('config', pkg, name);
  }
  private resolve(type: string, pkg: string, name: string): unknown {
    const found = this.cache[`${type}:${pkg}/${name}`];
    if (!found) throw new Error(`unknown ${type} <${pkg}/${name}>`);
    return found;
  }
}

const cache: Record<string, unknown> = { 'config:bpmnlint/recommended': recommended };
for (const [name, rule] of Object.entries(BPMNLINT_RULES)) cache[`rule:bpmnlint/${name}`] = rule;
for (const [name, rule] of Object.entries(PD_RULES)) cache[`rule:bpmnlint-plugin-pd/${name}`] = rule;

/** `{ config, resolver }` for bpmn-js-bpmnlint (`linting.bpmnlint`) and bpmnlint's Linter. */
export const lintConfig = {
  config: {
    extends: 'bpmnlint:recommended',
    rules: {
      'label-required': 'warn',
      ...Object.fromEntries(Object.keys(PD_RULES).map((name) => [`pd/${name}`, 'error'])),
    },
  },
  resolver: new StaticResolver(cache),
};
