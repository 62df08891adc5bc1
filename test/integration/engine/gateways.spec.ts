import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgEngine } from './support/pg-instance.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Gateways on a real PostgreSQL: exclusive, parallel, inclusive, event-based. */
describe('gateways on PostgreSQL', () => {
  let e: PgEngine;
  beforeAll(async () => {
    e = await PgEngine.boot(here, [
      'gateways.exclusive-gateway-routing.bpmn', 'gateways.exclusive-gateway-no-match.bpmn', 'gateways.parallel-gateway-fork-join.bpmn',
      'gateways.inclusive-gateway-fork-join.bpmn', 'gateways.event-based-gateway-race.bpmn',
    ]);
  });
  afterAll(async () => {
    await e?.close();
  });

  describe('exclusive gateway', () => {
    test.each([
      [95, 'mentor'],
      [80, 'mentor'],
      [65, 'course'],
      [10, 'support'],
    ])('given score %i, when the gateway is reached, then the first true condition (else the default) leads to %s', async (score, target) => {
      const i = await e.start('gw-exclusive', { score });
      expect(await i.active()).toEqual([target]);
      expect(await i.tokens()).toEqual({ [target]: 1 });
      expect(await i.completed()).toEqual(['start', 'route']);
    });

    test('given no condition true and no default, then an incident holds the gateway; after the variables are fixed, the retry routes the token', async () => {
      const i = await e.start('gw-exclusive-strict', { category: 'вторая' });
      const v = await i.get();
      expect(v.state).toBe('active');
      expect(v.activeElementIds).toEqual(['form']);
      expect(v.incidents).toEqual([expect.objectContaining({ elementId: 'form', kind: 'engine', message: expect.stringMatching(/no condition/) })]);
      expect((await i.historyOf('incidentRaised', 'form'))).toHaveLength(1);

      // Retrying without a fix raises the incident again.
      const again = await i.retry(v.incidents[0].id);
      expect(again.resolved).toBe(false);
      const [inc] = await i.incidents();
      expect(inc.id).not.toBe(v.incidents[0].id);

      await i.setVariables({ category: 'высшая' });
      expect((await i.retry(inc.id)).resolved).toBe(true);
      expect(await i.active()).toEqual(['top']);
      expect(await i.incidents()).toEqual([]);
      expect(await i.historyOf('incidentResolved')).toHaveLength(2);
      await i.completeTask('top');
      await i.expectEnded();
    });

    test('given a condition over a missing variable, then the incident names the variable', async () => {
      const i = await e.start('gw-exclusive', {});
      const [inc] = await i.incidents();
      expect(inc).toMatchObject({ elementId: 'route', message: expect.stringContaining('score') });
      await i.setVariables({ score: 70 });
      await i.retry(inc.id);
      expect(await i.active()).toEqual(['course']);
    });
  });

  describe('parallel gateway', () => {
    test('given a fork into four branches, when they complete one by one, then the join waits for the last one and fires exactly once', async () => {
      const i = await e.start('gw-parallel');
      expect(await i.active()).toEqual(['municipal-review', 'school-review', 'self-review']);
      expect((await i.variables()).lessonLog).toBe('зафиксирован');
      await i.completeTask('self-review');
      await i.completeTask('school-review', {}, 'methodist11');
      expect(await i.active()).toEqual(['municipal-review']);
      expect(await i.activations('join')).toBe(0);
      await i.completeTask('municipal-review', {}, 'municipal1');
      expect(await i.active()).toEqual(['summary']);
      expect(await i.activations('join')).toBe(1);
      await i.completeTask('summary', {}, 'methodist11');
      await i.expectEnded();
    });

    test('given three open branches, when all three tasks are completed at the same moment by three people, then the join fires exactly once', async () => {
      for (let round = 0; round < 4; round++) {
        const i = await e.start('gw-parallel');
        const tasks = [
          [await i.task('self-review', 'teacher11'), 'teacher11'],
          [await i.task('school-review', 'methodist11'), 'methodist11'],
          [await i.task('municipal-review', 'municipal1'), 'municipal1'],
        ] as const;
        const answers = await Promise.all(tasks.map(([t, who]) => i.completeTaskId(t.id, { [`by-${who}`]: true }, who)));
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
        expect(await i.active()).toEqual(['summary']);
        expect(await i.tokens()).toEqual({ summary: 1 });
        expect(await i.activations('join')).toBe(1);
        expect(await i.variables()).toMatchObject({ 'by-teacher11': true, 'by-methodist11': true, 'by-municipal1': true });
        expect((await i.taskRows()).map((t) => t.element_id)).toEqual(['summary']);
      }
    });
  });

  describe('inclusive gateway', () => {
    test('given two forms chosen, when branches complete, then the join waits exactly for the tokens that can still arrive', async () => {
      const i = await e.start('gw-inclusive', { forms: ['урок', 'публикация'] });
      expect(await i.active()).toEqual(['lesson', 'prepare']);
      await i.completeTask('lesson');
      expect(await i.active()).toEqual(['prepare']);
      await i.completeTask('prepare');
      // The publication branch can still reach the join: it keeps waiting.
      expect(await i.active()).toEqual(['publish']);
      expect(await i.activations('join')).toBe(0);
      await i.completeTask('publish', {}, 'methodist11');
      expect(await i.active()).toEqual(['reflect']);
      expect(await i.activations('join')).toBe(1);
      expect(await i.activations('master-class')).toBe(0);
      await i.completeTask('reflect');
      await i.expectEnded();
    });

    test('given a branch that reaches the join at once and one that waits, then the join waits for the waiting one', async () => {
      const i = await e.start('gw-inclusive', { forms: ['заметка', 'мастер-класс'] });
      expect(await i.active()).toEqual(['master-class']);
      expect(await i.activations('join')).toBe(0);
      await i.completeTask('master-class');
      expect(await i.active()).toEqual(['reflect']);
      expect(await i.activations('join')).toBe(1);
      expect((await i.variables()).noteWritten).toBe('есть');
    });

    test('given only the immediate branch, then the join fires at once; given none, the default flow goes straight to the join', async () => {
      const only = await e.start('gw-inclusive', { forms: ['заметка'] });
      expect(await only.active()).toEqual(['reflect']);
      const none = await e.start('gw-inclusive', { forms: [] });
      expect(await none.active()).toEqual(['reflect']);
      expect(await none.activations('note')).toBe(0);
      expect(await none.activations('join')).toBe(1);
    });

    test('given the branches completed at the same moment, then the join fires exactly once', async () => {
      for (let round = 0; round < 3; round++) {
        const i = await e.start('gw-inclusive', { forms: ['урок', 'мастер-класс'] });
        const [a, b] = [await i.task('lesson'), await i.task('master-class')];
        const answers = await Promise.all([i.completeTaskId(a.id, {}, 'teacher11'), i.completeTaskId(b.id, {}, 'teacher11')]);
        expect(answers.map((x) => x.status)).toEqual([200, 200]);
        expect(await i.tokens()).toEqual({ reflect: 1 });
        expect(await i.activations('join')).toBe(1);
      }
    });
  });

  describe('event-based gateway', () => {
    test('given a message and a timer after the gateway, when the message comes first, then the timer is removed and the message path runs', async () => {
      const i = await e.start('gw-event-based', { teacherId: 'eb-1' });
      expect(await i.active()).toEqual(['race']);
      expect((await i.subscriptions()).map((s) => s.element_id)).toEqual(['submitted']);
      expect((await i.jobs()).map((j) => j.element_id)).toEqual(['timeout']);
      expect(await e.publish('report-submitted', 'eb-1', { pages: 12 })).toBe(1);
      expect(await i.active()).toEqual(['review']);
      expect(await i.variables()).toMatchObject({ pages: 12 });
      expect(await i.runtimeRows()).toEqual({ user_task: 1, job: 0, event_subscription: 0, incident: 0 });
      await e.advance('P8D');
      expect(await i.activations('remind')).toBe(0);
    });

    test('given the same, when the week passes first, then the subscription is closed and the timer path runs', async () => {
      const i = await e.start('gw-event-based', { teacherId: 'eb-2' });
      await e.advance('P7D');
      expect(await i.active()).toEqual(['remind']);
      expect(await i.subscriptions()).toEqual([]);
      expect(await e.publish('report-submitted', 'eb-2')).toBe(0);
      expect(await i.activations('review')).toBe(0);
      await i.completeTask('remind', {}, 'methodist11');
      await i.expectEnded();
    });

    test('given the message is published while the clock fires the timer, then exactly one path is taken', async () => {
      for (let round = 0; round < 5; round++) {
        const key = `eb-race-${round}`;
        const i = await e.start('gw-event-based', { teacherId: key });
        await e.advance('PT167H59M');
        const [msg, clock] = await Promise.all([
          e.call('POST', '/api/messages', { name: 'report-submitted', correlationKey: key }, 't-admin'),
          e.call('POST', '/api/clock/advance', { duration: 'PT2M' }, 't-admin'),
        ]);
        expect([msg.status, clock.status]).toEqual([200, 200]);
        const tokens = await i.tokens();
        expect(Object.values(tokens)).toEqual([1]);
        const path = Object.keys(tokens)[0];
        expect(['review', 'remind']).toContain(path);
        expect(msg.body.correlated).toBe(path === 'review' ? 1 : 0);
        expect((await i.activations('review')) + (await i.activations('remind'))).toBe(1);
        expect(await i.runtimeRows()).toEqual({ user_task: 1, job: 0, event_subscription: 0, incident: 0 });
      }
    });
  });
});
