import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the health check asks the database. */
@Injectable()
export class HealthStore {
  constructor(private readonly ds: DataSource) {}

  /** How many migrations are applied; throws when the database cannot be asked. */
  async appliedMigrations(): Promise<number> {
    const rows: { name: string }[] = await this.ds.query('SELECT name FROM schema_migration');
    return rows.length;
  }
}
