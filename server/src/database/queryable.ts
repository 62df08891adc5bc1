/** Anything that runs SQL: the DataSource or a transaction's EntityManager. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL, as DataSource.query gives them
  query(sql: string, params?: unknown[]): Promise<any>;
}
