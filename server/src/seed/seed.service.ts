import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

/**
 * First-start work: the token-signing secret, the superadmin `admin` on an empty database, and
 * (with `DEMO_DATA`) the demo tenants loaded by the registered demo loaders.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger('Seed');
  private readonly loaders: { name: string; run: () => Promise<void> }[] = [];

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Adds a demo-data loader; loaders run in registration order and must be idempotent. */
  addDemoLoader(name: string, run: () => Promise<void>): void {
    this.loaders.push({ name, run });
  }

  async run(): Promise<void> {
    await this.ds.query(
      `INSERT INTO system_setting (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`,
      [randomBytes(32).toString('base64url')],
    );
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM app_user WHERE is_superadmin`);
    if (n === 0) {
      if (!this.config.adminPassword) {
        throw new Error('the database has no superadmin: set ADMIN_PASSWORD to create the user "admin"');
      }
      const hash = await argon2.hash(this.config.adminPassword);
      await this.ds.query(
        `INSERT INTO app_user (username, password_hash, full_name, is_superadmin) VALUES ('admin', $1, 'Администратор системы', true)
         ON CONFLICT (username) DO NOTHING`,
        [hash],
      );
      this.logger.log('created the superadmin "admin"');
    }
    if (this.config.demoData) {
      for (const l of this.loaders) {
        await l.run();
        this.logger.log(`demo data: ${l.name}`);
      }
    }
  }
}
