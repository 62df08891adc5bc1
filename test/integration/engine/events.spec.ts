import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgEngine } from './support/pg-instance.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Events on a real PostgreSQL: start, end, intermediate catch/throw and boundary events. */
describe('events on PostgreSQL', () => {
  let e: PgEngine;
  beforeAll(async () => {
    e = await PgEngine.boot(here, [
      'events.start-event-none.bpmn', 'events.start-event-message.bpmn', 'events.start-event-timer.bpmn',
      'events.end-event-terminate.bpmn', 'events.end-event-error.bpmn', 'events.end-event-error-uncaught.bpmn', 'events.end-event-escalation.bpmn',
      'events.intermediate-catch-event-message.bpmn', 'events.intermediate-catch-event-timer.bpmn', 'events.signal-throw-catch.bpmn', 'events.message-throw.bpmn',
      'events.boundary-event-timer.bpmn', 'events.boundary-event-message.bpmn', 'events.boundary-event-signal.bpmn', 'events.boundary-event-escalation.bpmn',
    ]);
  });
  afterAll(async () => {
    await e?.close();
  });

  describe('start events', () => {
    test('given a none start event, when a teacher starts the process, then her task opens and the history starts with instanceStarted', async () => {
      const i = await e.start('ev-none-start', { topic: 'ИКТ' });
      expect(await i.active()).toEqual(['self-analysis']);
      const v = await i.get();
      expect(v).toMatchObject({ state: 'active', orgId: e.f.orgs.school11, variables: { topic: 'ИКТ', initiator: e.userId('teacher11') } });
      const h = await i.history();
      expect(h[0].type).toBe('instanceStarted');
      expect(h.filter((x) => x.type === 'elementCompleted').map((x) => x.elementId)).toEqual(['start']);
      await i.completeTask('self-analysis', { done: true });
      await i.expectEnded('completed');
      // the process itself completes last
      expect(await i.completed()).toEqual(['start', 'self-analysis', 'end', 'ev-none-start']);
      expect((await i.historyOf('instanceEnded'))).toHaveLength(1);
    });

    test('given a message start event, when the message is published, then exactly one instance starts with the payload and the key as business key', async () => {
      expect(await e.publish('course-finished', 'teacher-501', { course: 'Функциональная грамотность' })).toBe(1);
      const [inst] = (await e.instancesOf('ev-message-start')).filter((x) => x.businessKey === 'teacher-501');
      const i = e.instance(inst.id);
      expect(await i.active()).toEqual(['compose']);
      expect(await i.variables()).toMatchObject({ course: 'Функциональная грамотность' });
      expect((await i.history()).find((h) => h.type === 'elementCompleted')?.elementId).toBe('by-message');
      // The start subscription stays for the next message; each message starts one more instance.
      expect(await e.publish('course-finished', 'teacher-502')).toBe(1);
      expect(await e.instancesOf('ev-message-start')).toHaveLength(2);
      await i.completeTask('compose', {}, 'teacher11');
      await i.expectEnded();
    });

    test('given a timer start event R2/P1D, when three days pass, then exactly two instances started a day apart and no more are scheduled', async () => {
      expect(await e.instancesOf('ev-timer-start')).toHaveLength(0);
      await e.advance('P3D');
      const started = await e.instancesOf('ev-timer-start');
      expect(started).toHaveLength(2);
      const times = started.map((x) => new Date(x.startedAt).getTime()).sort();
      expect(times[1] - times[0]).toBe(86_400_000);
      for (const x of started) expect([...x.activeElementIds]).toEqual(['digest']);
      expect(await e.rows(`SELECT id FROM job WHERE kind = 'timer-start'`)).toEqual([]);
      await e.advance('P5D');
      expect(await e.instancesOf('ev-timer-start')).toHaveLength(2);
      // The task goes to the candidate user named in the diagram.
      const i = e.instance(started[0].id);
      await i.completeTask('digest', {}, 'centre');
      await i.expectEnded();
    });
  });

  describe('end events', () => {
    test('given two branches, when one reaches a terminate end, then the other task is cancelled and the instance ends with no rows left', async () => {
      const i = await e.start('ev-terminate');
      expect(await i.active()).toEqual(['methodist-decision', 'teacher-report']);
      expect((await i.taskRows()).map((t) => t.element_id).sort()).toEqual(['methodist-decision', 'teacher-report']);
      await i.completeTask('methodist-decision', {}, 'methodist11');
      await i.expectEnded('completed');
      expect(await i.terminated()).toContain('teacher-report');
      expect(await i.completed()).not.toContain('end');
      expect(await i.tasks('teacher11')).toEqual([]);
    });

    test('given an error end event in a sub-process, when it is reached, then the error boundary interrupts the sub-process and its path runs', async () => {
      const i = await e.start('ev-error-end', { docs: 0 });
      expect(await i.active()).toEqual(['ask-docs']);
      // the error end event throws: it and its sub-process are terminated, the boundary completes
      expect(await i.terminated()).toEqual(['no-docs', 'check']);
      expect(await i.completed()).toContain('on-no-docs');
      await i.completeTask('ask-docs');
      await i.expectEnded();
      expect(await i.completed()).toContain('end-asked');

      const fine = await e.start('ev-error-end', { docs: 3 });
      await fine.expectEnded();
      expect(await fine.completed()).toEqual(expect.arrayContaining(['check-end', 'check', 'end']));
      expect(await fine.activations('on-no-docs')).toBe(0);
    });

    test('given an error end event nobody catches, when it is reached, then an incident holds the instance', async () => {
      const i = await e.start('ev-error-uncaught');
      const v = await i.get();
      expect(v.state).toBe('active');
      expect(v.incidents).toEqual([expect.objectContaining({ elementId: 'fail', message: expect.stringContaining('FATAL') })]);
      expect(await i.incidents()).toHaveLength(1);
    });

    test('given an escalation end event in one branch, when it is reached, then the non-interrupting boundary opens a municipal task and the sub-process continues', async () => {
      const i = await e.start('ev-escalation-end');
      expect(await i.active()).toEqual(['analyse', 'rework', 'support']);
      expect((await i.task('analyse', 'municipal1')).candidateRoles).toEqual(['municipal']);
      expect(await i.tasks('municipal2')).toEqual([]);
      await i.completeTask('rework');
      expect(await i.active()).toEqual(['analyse']);
      expect(await i.completed()).toEqual(expect.arrayContaining(['late', 'support', 'end']));
      await i.completeTask('analyse', {}, 'municipal1');
      await i.expectEnded();
    });
  });

  describe('intermediate events', () => {
    test('given a message catch, when messages with another key and then with its key are published, then only the matching one moves it, with the payload', async () => {
      const i = await e.start('ev-message-catch', { teacherId: 't-100' });
      expect(await i.active()).toEqual(['wait-approval']);
      expect(await i.subscriptions()).toEqual([{ element_id: 'wait-approval', kind: 'message', name: 'plan-approved', correlation_key: 't-100' }]);
      expect(await e.publish('plan-approved', 't-999', { verdict: 'чужой' })).toBe(0);
      expect(await i.active()).toEqual(['wait-approval']);
      expect(await e.publish('plan-approved', 't-100', { verdict: 'согласован' })).toBe(1);
      expect(await i.active()).toEqual(['implement']);
      expect(await i.variables()).toMatchObject({ verdict: 'согласован' });
      expect(await i.subscriptions()).toEqual([]);
      await i.completeTask('implement');
      await i.expectEnded();
    });

    test('given a timer catch of P3D, when two days pass nothing moves; when the third passes, the token goes on and the job row leaves', async () => {
      const i = await e.start('ev-timer-catch');
      const [job] = await i.jobs();
      expect(job).toMatchObject({ element_id: 'pause', kind: 'timer' });
      expect(job.due_at.getTime() - (await e.now()).getTime()).toBe(3 * 86_400_000);
      await e.advance('P2D');
      expect(await i.active()).toEqual(['pause']);
      await e.advance('P1D');
      expect(await i.active()).toEqual(['report']);
      expect(await i.jobs()).toEqual([]);
      await i.completeTask('report');
      await i.expectEnded();
    });

    test('given instances waiting at a signal catch, when another process throws the signal, then every waiting instance moves on', async () => {
      const a = await e.start('ev-signal-wait');
      const b = await e.start('ev-signal-wait');
      expect(await a.subscriptions()).toEqual([expect.objectContaining({ element_id: 'wait-ready', kind: 'signal', name: 'plans-ready' })]);
      const thrower = await e.start('ev-signal-throw', {}, 'methodist11');
      await thrower.expectEnded();
      expect(await a.active()).toEqual(['study']);
      expect(await b.active()).toEqual(['study']);
      // The API broadcast reaches nobody now: nobody waits.
      expect(await e.signal('plans-ready')).toBe(0);
      for (const x of [a, b]) {
        await x.completeTask('study');
        await x.expectEnded();
      }
    });

    test('given an instance waiting for a message, when another instance throws it with its key, then the waiting one moves with the thrown variables', async () => {
      const receiver = await e.start('ev-message-catch', { teacherId: 't-200' });
      const sender = await e.start('ev-message-throw', { teacherId: 't-200' }, 'methodist11');
      await sender.expectEnded();
      expect(await receiver.active()).toEqual(['implement']);
      expect(await receiver.variables()).toMatchObject({ verdict: 'согласован', teacherId: 't-200' });
    });
  });

  describe('boundary events', () => {
    test('given a task with an R3/P7D reminder and a P30D deadline, when it is left open, then three reminders go out, then the deadline interrupts it', async () => {
      const i = await e.start('ev-boundary-timer');
      const jobs = (await i.jobs()).map((j) => j.element_id);
      expect(jobs).toEqual(['remind', 'overdue']);
      await e.advance('P22D');
      expect(await i.activations('notify')).toBe(3);
      const notes = await i.historyOf('notification-requested', 'notify');
      expect(notes).toHaveLength(3);
      expect(notes[0].data).toMatchObject({ users: [e.userId('teacher11')], subject: 'Напоминание' });
      expect(await i.active()).toEqual(['plan']);
      expect((await i.jobs()).map((j) => j.element_id)).toEqual(['overdue']);
      await e.advance('P8D');
      expect(await i.active()).toEqual(['escalated']);
      expect(await i.terminated()).toContain('plan');
      expect(await i.tasks('teacher11')).toEqual([]);
      await i.completeTask('escalated', {}, 'methodist11');
      await i.expectEnded();
      expect(await i.activations('notify')).toBe(3);
    });

    test('given the same task, when it is completed before the deadline, then every timer of it is removed', async () => {
      const i = await e.start('ev-boundary-timer');
      await e.advance('P8D');
      expect(await i.activations('notify')).toBe(1);
      await i.completeTask('plan');
      await i.expectEnded();
      await e.advance('P30D');
      expect(await i.activations('notify')).toBe(1);
      expect(await i.activations('escalated')).toBe(0);
    });

    test('given a task with message boundaries, when the non-interrupting one arrives the task stays; when the interrupting one arrives it is cancelled', async () => {
      const i = await e.start('ev-boundary-message', { teacherId: 't-300' });
      expect((await i.subscriptions()).map((x) => x.element_id)).toEqual(['cancelled', 'moved']);
      expect(await e.publish('course-moved', 't-300', { newDate: '2027-04-01' })).toBe(1);
      expect(await i.active()).toEqual(['course', 'note-move']);
      expect(await i.variables()).toMatchObject({ newDate: '2027-04-01' });
      // The non-interrupting subscription stays open while the task is active.
      expect(await e.publish('course-moved', 't-300')).toBe(1);
      expect(await i.activations('note-move')).toBe(2);
      expect(await e.publish('course-cancelled', 't-300')).toBe(1);
      expect(await i.tokens()).toEqual({ 'note-move': 2 });
      expect(await i.terminated()).toContain('course');
      expect(await i.subscriptions()).toEqual([]);
      for (const t of await i.tasks()) await e.ok('POST', `/api/tasks/${t.id}/complete`, { variables: {} }, 'teacher11');
      await i.expectEnded();
      expect(await i.completed()).toEqual(expect.arrayContaining(['end-cancelled', 'end-moved']));
      expect(await i.completed()).not.toContain('end');
    });

    test('given a task with signal boundaries, when the non-interrupting signal comes the task stays; when the interrupting one comes the instance ends', async () => {
      const i = await e.start('ev-boundary-signal');
      expect(await e.signal('campaign-hurry')).toBe(1);
      expect(await i.active()).toEqual(['apply']);
      expect(await i.completed()).toEqual(expect.arrayContaining(['hurry', 'hurry-note', 'end-hurry']));
      expect(await e.signal('campaign-closed')).toBe(1);
      await i.expectEnded();
      expect(await i.terminated()).toContain('apply');
      expect(await i.completed()).toContain('end-closed');
    });

    test('given an interrupting escalation boundary on a sub-process, when the escalation is thrown inside, then the sub-process is cancelled and the municipal task opens', async () => {
      const i = await e.start('ev-boundary-escalation');
      await i.completeTask('self-check', { goalReached: false });
      expect(await i.active()).toEqual(['new-route']);
      expect(await i.terminated()).toContain('route');
      expect(await i.activations('after-missed')).toBe(0);
      await i.completeTask('new-route', {}, 'municipal1');
      await i.expectEnded();

      const fine = await e.start('ev-boundary-escalation');
      await fine.completeTask('self-check', { goalReached: true });
      await fine.expectEnded();
      expect(await fine.activations('on-missed')).toBe(0);
    });
  });

  describe('concurrency (separate connections)', () => {
    test('given one instance waiting for a message, when two matching messages are published at the same moment, then it is triggered exactly once', async () => {
      for (let round = 0; round < 5; round++) {
        const key = `race-${round}`;
        const i = await e.start('ev-message-catch', { teacherId: key });
        const answers = await Promise.all([1, 2].map((n) => e.call('POST', '/api/messages', { name: 'plan-approved', correlationKey: key, variables: { sender: n } }, 't-admin')));
        expect(answers.map((a) => a.status)).toEqual([200, 200]);
        expect(answers.map((a) => a.body.correlated).sort()).toEqual([0, 1]);
        expect(await i.activations('implement')).toBe(1);
        expect(await i.tokens()).toEqual({ implement: 1 });
        expect((await i.historyOf('elementCompleted', 'wait-approval'))).toHaveLength(1);
        const winner = answers.find((a) => a.body.correlated === 1)!;
        expect((await i.variables()).sender).toBe(answers.indexOf(winner) + 1);
      }
    });

    test('given instances waiting at a signal catch, when the same signal is broadcast twice at the same moment, then each instance moves once and both broadcasts succeed', async () => {
      for (let round = 0; round < 3; round++) {
        const waiting = [await e.start('ev-signal-wait'), await e.start('ev-signal-wait')];
        const answers = await Promise.all([1, 2].map(() => e.call('POST', '/api/signals', { name: 'plans-ready' }, 't-admin')));
        expect(answers.map((a) => a.status)).toEqual([200, 200]);
        // Every subscription is delivered exactly once over the two broadcasts.
        expect(answers.reduce((n, a) => n + a.body.delivered, 0)).toBe(2);
        for (const i of waiting) {
          expect(await i.tokens()).toEqual({ study: 1 });
          expect(await i.activations('study')).toBe(1);
          await i.completeTask('study');
          await i.expectEnded();
        }
      }
    });

    test('given a task at its deadline, when it is completed while the clock makes the interrupting timer fire, then exactly one path wins', async () => {
      const outcomes: string[] = [];
      for (let round = 0; round < 6; round++) {
        const i = await e.start('ev-boundary-timer');
        await e.advance('PT719H59M');
        expect(await i.active()).toEqual(['plan']);
        const task = await i.task('plan');
        const [done, clock] = await Promise.all([
          i.completeTaskId(task.id, { early: true }, 'teacher11'),
          e.call('POST', '/api/clock/advance', { duration: 'PT2M' }, 't-admin'),
        ]);
        expect(clock.status).toBe(200);
        expect([200, 409]).toContain(done.status);
        const escalated = await i.activations('escalated');
        if (done.status === 200) {
          outcomes.push('task');
          await i.expectEnded();
          expect(escalated).toBe(0);
          expect(await i.completed()).toContain('end');
        } else {
          outcomes.push('timer');
          expect(escalated).toBe(1);
          expect(await i.active()).toEqual(['escalated']);
          expect(await i.tokens()).toEqual({ escalated: 1 });
          expect(await i.historyOf('taskCompleted')).toEqual([]);
          expect(await i.runtimeRows()).toEqual({ user_task: 1, job: 0, event_subscription: 0, incident: 0 });
          await i.completeTask('escalated', {}, 'methodist11');
          await i.expectEnded();
        }
        expect(await i.activations('plan')).toBe(1);
        expect(await i.incidents()).toEqual([]);
      }
      expect(outcomes).toHaveLength(6);
    });
  });
});
