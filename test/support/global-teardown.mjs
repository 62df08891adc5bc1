// Stops the run's PostgreSQL and removes its folder.
import fs from 'node:fs';

export default async function globalTeardown() {
  const state = globalThis.__PD_TEST_DB__;
  if (!state) return;
  await state.pg.stop();
  fs.rmSync(state.dir, { recursive: true, force: true });
}
