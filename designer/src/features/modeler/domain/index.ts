/**
 * bpmn-js module of the domain: role and form pickers and date aids in the properties panel,
 * and the undoable `pd.updateZeebeExtension` command they edit through.
 */
import DomainPropertiesProvider from './DomainPropertiesProvider';
import DomainService from './DomainService';

export default {
  __init__: ['domainService', 'domainPropertiesProvider'],
  domainService: ['type', DomainService],
  domainPropertiesProvider: ['type', DomainPropertiesProvider],
};

export { DomainService };
