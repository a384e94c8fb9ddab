/**
 * The status of a reported value: preliminary (初报), final, or revised after it was final. Here
 * in the domain, not in the store, so that the CLI can list the statuses in its help without
 * loading the database drivers.
 */
export const ValueStatus = { PRELIMINARY: 'preliminary', FINAL: 'final', REVISED: 'revised' } as const;
export type ValueStatus = (typeof ValueStatus)[keyof typeof ValueStatus];
export const VALUE_STATUSES: readonly ValueStatus[] = Object.values(ValueStatus);
