/** The keys of the built-in service-task actions (`zeebe:taskDefinition type`). */
export const BUILT_IN_ACTION_TYPES = ['set-variables', 'notify', 'http'] as const;
