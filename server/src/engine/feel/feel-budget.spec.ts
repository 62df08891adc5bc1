import { compileFile, loadModel, TestInstance, weekdays } from '../testing/engine-test-kit.js';
import { Engine } from '../engine.js';
import { feelBudgetProblem } from './feel-budget-probe.js';
import { feelRegexpGuardInstalled } from './feel-budget.js';
import { DEFAULT_FEEL_LIMITS, evaluateFeel, FeelBudgetError, FeelError, feelStepHookInstalled } from './feel-evaluator.js';
import type { FeelLimits } from './feel-evaluator.js';

const env = { now: new Date('2026-03-07T23:30:00Z'), timeZone: 'Asia/Kamchatka', calendar: weekdays };
const limited = (limits: Partial<FeelLimits>) => ({ ...env, feelLimits: { ...DEFAULT_FEEL_LIMITS, ...limits } });

/** The default bounds, but time left generous: on a loaded machine the clock must not cut before the bound under test. */
const untimed = limited({ maxMillis: 60_000 });

/** The bound an evaluation was cut by, or null when it finished. */
function cutBy(expression: string, variables = {}, e: Parameters<typeof evaluateFeel>[2] = untimed): keyof FeelLimits | 'regexp' | null {
  try {
    evaluateFeel(expression, variables, e);
    return null;
  } catch (error) {
    if (error instanceof FeelBudgetError) return error.limit;
    throw error;
  }
}

describe('FEEL budget', () => {
  it('given the installed dependencies, then feelin carries the step hook of patches/ (npm ci applies it)', () => {
    expect(feelStepHookInstalled).toBe(true);
    expect(feelRegexpGuardInstalled).toBe(true);
  });

  it('given the range bomb of the issue, when evaluated, then it is cut by the range size before anything is built', () => {
    expect(cutBy('count(for i in 1..30000000 return i) > 0')).toBe('maxItems');
    expect(() => evaluateFeel('count(for i in 1..30000000 return i) > 0', {}, env)).toThrow(FeelError);
    expect(() => evaluateFeel('count(for i in 1..30000000 return i) > 0', {}, env)).toThrow(/1\.\.30000000.*размер списка или диапазона/);
  });

  it('given a fractional range that never meets its end, when enumerated, then the element count cuts it', () => {
    expect(cutBy('count(for i in 0.5..3000000 return i)')).toBe('maxItems');
  });

  it('given nested iteration whose ranges are each small, when evaluated, then the step bound cuts the product', () => {
    expect(cutBy('count(for a in 1..1000, b in 1..1000 return 0)', {}, limited({ maxSteps: 50_000, maxMillis: 60_000 }))).toBe('maxSteps');
    expect(cutBy('count(for a in 1..1000 return for b in 1..1000 return 0)', {}, limited({ maxSteps: 50_000, maxMillis: 60_000 }))).toBe('maxSteps');
  });

  it('given a data list iterated in a cartesian product, when evaluated, then the step bound cuts it (the lists are counted as built)', () => {
    const l = Array.from({ length: 2000 }, (_, i) => i);
    expect(cutBy('count(for a in l, b in l, c in l return 0)', { l }, limited({ maxSteps: 100_000, maxMillis: 60_000 }))).toBe('maxSteps');
  });

  it('given exponential recursion, when evaluated, then steps or time cut it', () => {
    expect(cutBy('{f: function(n) if n <= 1 then n else f(n - 1) + f(n - 2)}.f(40)', {}, limited({ maxSteps: 20_000, maxMillis: 60_000 }))).toBe('maxSteps');
    expect(cutBy('{f: function(n) if n <= 1 then n else f(n - 1) + f(n - 2)}.f(40)', {}, limited({ maxSteps: 1e9, maxMillis: 50 }))).toBe('maxMillis');
  });

  it('given endless recursion, when evaluated, then the depth bound cuts it (not a stack overflow)', () => {
    expect(cutBy('{f: function(n) f(n + 1)}.f(1)')).toBe('maxDepth');
  });

  it('given a string doubling itself, when evaluated, then the string length bound cuts it', () => {
    expect(cutBy('{f: function(s, n) if n = 0 then s else f(s + s, n - 1)}.f("x", 40)')).toBe('maxStringLength');
    expect(cutBy('string join(for i in 1..5000 return "0123456789")', {}, limited({ maxStringLength: 10_000 }))).toBe('maxStringLength');
  });

  it('given a regular expression with nested repetition, when matched, then it is refused before it runs (it would backtrack for hours)', () => {
    expect(cutBy('matches(s, "(a+)+$")', { s: `${'a'.repeat(40)}!` })).toBe('regexp');
    expect(cutBy('replace(s, "(x|x?)*y", "")', { s: 'x'.repeat(40) })).toBe('regexp');
    expect(() => evaluateFeel('matches(s, "(a+)+$")', { s: 'a!' }, env)).toThrow(/регулярное выражение «\(a\+\)\+\$» может проверяться экспоненциально долго/);
    // ordinary patterns work
    expect(evaluateFeel('matches(snils, "^[0-9]{3}-[0-9]{3}-[0-9]{3} [0-9]{2}$")', { snils: '112-233-445 95' }, env)).toBe(true);
    expect(evaluateFeel('split("a, b,c", ", ?")', {}, env)).toEqual(['a', 'b', 'c']);
    expect(evaluateFeel('replace("Иванова  Мария", " +", " ")', {}, env)).toBe('Иванова Мария');
    expect(feelBudgetProblem('matches("aaa", "(a*)*b")')).toMatch(/экспоненциально/);
  });

  it('given what regulations compute, when evaluated under the defaults, then nothing is cut', () => {
    const participants = Array.from({ length: 500 }, (_, i) => ({ name: `Участник ${i}`, hours: i % 72, passed: i % 3 !== 0 }));
    expect(evaluateFeel('count(participants[passed = true]) > 300', { participants }, env)).toBe(true);
    expect(evaluateFeel('sum(for p in participants return p.hours) >= 72', { participants }, env)).toBe(true);
    expect(evaluateFeel('every p in participants satisfies p.hours < 72', { participants }, env)).toBe(true);
    expect(evaluateFeel('string join(for p in participants[hours > 70] return p.name, ", ")', { participants }, env)).toMatch(/^Участник 71, /);
    expect(evaluateFeel('add working days(today(), 10)', {}, env)).toBe('2026-03-20');
  });

  it('given a budget exceeded once, when the next expression runs, then it has a fresh budget', () => {
    expect(cutBy('count(for i in 1..30000000 return i)')).toBe('maxItems');
    expect(evaluateFeel('count(for i in 1..100 return i)', {}, env)).toBe(100);
  });

  describe('at deploy', () => {
    it('given an expression that blows up without any data, when probed, then the problem names the bound; one that needs data passes', () => {
      expect(feelBudgetProblem('count(for i in 1..30000000 return i) > 0')).toMatch(/размер списка или диапазона/);
      expect(feelBudgetProblem('count(for i in 1..n return i) > 0')).toBeNull();
      expect(feelBudgetProblem('amount > 100')).toBeNull();
    });

    it('given the bomb in a condition and endless recursion in a mapping (feel-budget.bombs.bpmn), when compiled, then each is a problem naming its element', async () => {
      const result = await compileFile(import.meta.url, 'feel-budget.bombs.bpmn');
      expect([...result.problems].sort((a, b) => String(a.elementId).localeCompare(String(b.elementId)))).toEqual([
        expect.objectContaining({ elementId: 'fBomb', message: expect.stringMatching(/элемент «fBomb».*прервано.*размер списка или диапазона/) }),
        expect.objectContaining({ elementId: 'other', message: expect.stringMatching(/элемент «other».*глубина вложенности/) }),
      ]);
    });
  });

  describe('at run time', () => {
    it('given a bound blown by data (feel-budget.data-bomb.bpmn), when the gateway evaluates it, then an incident names the element and the token waits', async () => {
      const model = await loadModel(import.meta.url, 'feel-budget.data-bomb.bpmn');
      const instance = new TestInstance(model).start({ variables: { n: 30_000_000 } });
      expect(instance.active()).toEqual(['gw']);
      expect(instance.of('incidentRaised')).toEqual([expect.objectContaining({ elementId: 'gw', message: expect.stringMatching(/прервано.*размер списка или диапазона» \(50000\)/) })]);

      const small = new TestInstance(model).start({ variables: { n: 3 } });
      expect(small.active()).toEqual(['many']);
    });

    it('given engine options with other bounds, when a command evaluates, then those bounds apply', async () => {
      const model = await loadModel(import.meta.url, 'feel-budget.data-bomb.bpmn');
      const strict = new TestInstance(model, { engine: (newId) => new Engine({ newId, feelLimits: { ...DEFAULT_FEEL_LIMITS, maxItems: 100 } }) });
      strict.start({ variables: { n: 1000 } });
      expect(strict.of('incidentRaised')).toEqual([expect.objectContaining({ elementId: 'gw', message: expect.stringMatching(/\(100\)/) })]);
    });
  });
});
