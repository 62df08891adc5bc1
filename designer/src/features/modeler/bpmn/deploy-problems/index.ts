/** bpmn-js module: marks the elements a refused deployment names. */
import DeployProblems from './DeployProblems';
import ResolveProblemOnChangeBehavior from './ResolveProblemOnChangeBehavior';

export default {
  __init__: ['deployProblems', 'resolveProblemOnChangeBehavior'],
  deployProblems: ['type', DeployProblems],
  resolveProblemOnChangeBehavior: ['type', ResolveProblemOnChangeBehavior],
};

export { DeployProblems };
