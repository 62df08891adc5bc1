import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

const SIM_KEY = 'simulated_clock_now';

/**
 * The engine's clock port. Real mode reads the machine's time; simulated mode holds a time that
 * moves only through {@link ClockService.setSimulated} (the `/api/clock/advance` endpoint), kept in
 * the database so that a restart continues from the same instant.
 */
@Injectable()
export class ClockService {
  private simulatedNow?: Date;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ds: DataSource,
  ) {}

  get mode(): 'real' | 'simulated' {
    return this.config.engineClock;
  }

  /** Loads the persisted simulated time (or starts it at the machine's time). */
  async init(): Promise<void> {
    if (this.mode !== 'simulated') return;
    const rows: { value: string }[] = await this.ds.query('SELECT value FROM system_setting WHERE key = $1', [SIM_KEY]);
    this.simulatedNow = rows.length ? new Date(rows[0].value) : new Date();
    if (!rows.length) await this.persist();
  }

  /** The engine's current instant. */
  now(): Date {
    if (this.mode === 'real') return new Date();
    if (!this.simulatedNow) throw new Error('the simulated clock is not initialised');
    return new Date(this.simulatedNow.getTime());
  }

  /** Moves the simulated clock (never backwards). */
  async setSimulated(to: Date): Promise<void> {
    if (this.mode !== 'simulated') throw new Error('the clock is real');
    if (this.simulatedNow && to.getTime() < this.simulatedNow.getTime()) return;
    this.simulatedNow = new Date(to.getTime());
    await this.persist();
  }

  private async persist(): Promise<void> {
    await this.ds.query(
      `INSERT INTO system_setting (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [SIM_KEY, this.simulatedNow!.toISOString()],
    );
  }
}
