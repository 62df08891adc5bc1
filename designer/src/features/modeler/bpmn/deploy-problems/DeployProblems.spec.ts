import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DeployProblems, { CHANGED_EVENT, MARKER, OVERLAY_TYPE, groupByElement } from './DeployProblems';
import ResolveProblemOnChangeBehavior from './ResolveProblemOnChangeBehavior';

/** Minimal stand-ins for the diagram-js services the module uses. */
function fakes() {
  const root = { id: 'Process_1' };
  const elements = new Map<string, { id: string }>([
    ['Process_1', root],
    ['Task_1', { id: 'Task_1' }],
    ['Gateway_1', { id: 'Gateway_1' }],
  ]);
  const markers = new Map<string, Set<string>>();
  const overlays: { element: string; type: string; html: { title: string; textContent: string } }[] = [];
  const listeners = new Map<string, ((e: unknown) => void)[]>();
  const fired: { type: string; data: unknown }[] = [];
  const selected: unknown[] = [];
  const canvas = {
    getRootElement: () => root,
    addMarker: (id: string, m: string) => (markers.get(id) ?? markers.set(id, new Set()).get(id))!.add(m),
    removeMarker: (id: string, m: string) => markers.get(id)?.delete(m),
    scrollToElement: vi.fn(),
  };
  const elementRegistry = { get: (id: string) => elements.get(id) };
  const eventBus = {
    on: (type: string, fn: (e: unknown) => void) => listeners.set(type, [...(listeners.get(type) ?? []), fn]),
    fire: (type: string, data: unknown) => {
      fired.push({ type, data });
      for (const fn of listeners.get(type) ?? []) fn(data);
    },
  };
  const overlaysSvc = {
    add: (element: string, type: string, o: { html: { title: string; textContent: string } }) => overlays.push({ element, type, html: o.html }),
    remove: (filter: { element?: string; type?: string }) => {
      for (let i = overlays.length - 1; i >= 0; i--) {
        const o = overlays[i];
        if ((!filter.element || o.element === filter.element) && (!filter.type || o.type === filter.type)) overlays.splice(i, 1);
      }
    },
  };
  const selection = { select: (e: unknown) => selected.push(e) };
  return { canvas, elementRegistry, eventBus, overlaysSvc, selection, markers, overlays, fired, selected };
}

function create(f: ReturnType<typeof fakes>) {
  return new DeployProblems(f.canvas as never, f.elementRegistry as never, f.eventBus as never, f.overlaysSvc as never, f.selection as never);
}

beforeEach(() => {
  vi.stubGlobal('document', { createElement: () => ({ className: '', textContent: '', title: '' }) });
});
afterEach(() => vi.unstubAllGlobals());

describe('groupByElement', () => {
  it('groups messages by element and leaves out problems without an element', () => {
    const grouped = groupByElement([
      { elementId: 'A', message: '1' },
      { message: 'global' },
      { elementId: 'A', message: '2' },
      { elementId: 'B', message: '3' },
    ]);
    expect([...grouped]).toEqual([
      ['A', ['1', '2']],
      ['B', ['3']],
    ]);
  });
});

describe('DeployProblems', () => {
  it('marks named elements with a marker and a badge, and reports unknown ids', () => {
    const f = fakes();
    const svc = create(f);
    const result = svc.show([
      { elementId: 'Task_1', message: 'zeebe:taskDefinition is not supported' },
      { elementId: 'Task_1', message: 'no candidate role' },
      { elementId: 'Nope_9', message: 'unknown' },
      { elementId: 'Process_1', message: 'process-level' },
      { message: 'no element' },
    ]);
    expect(result).toEqual({ marked: ['Task_1'], missing: ['Nope_9', 'Process_1'] });
    expect(f.markers.get('Task_1')?.has(MARKER)).toBe(true);
    expect(f.overlays).toHaveLength(1);
    expect(f.overlays[0]).toMatchObject({ element: 'Task_1', type: OVERLAY_TYPE });
    expect(f.overlays[0].html.title).toBe('zeebe:taskDefinition is not supported\nno candidate role');
    expect(f.overlays[0].html.textContent).toBe('!2');
    expect(f.fired.at(-1)).toEqual({ type: CHANGED_EVENT, data: { marked: ['Task_1'] } });
  });

  it('clears markers on clear, on a new show and on import', () => {
    const f = fakes();
    const svc = create(f);
    svc.show([{ elementId: 'Task_1', message: 'x' }]);
    svc.show([{ elementId: 'Gateway_1', message: 'y' }]);
    expect(f.markers.get('Task_1')?.has(MARKER)).toBe(false);
    expect(f.overlays.map((o) => o.element)).toEqual(['Gateway_1']);
    f.eventBus.fire('import.done', {});
    expect(svc.isMarked('Gateway_1')).toBe(false);
    expect(f.overlays).toEqual([]);
  });

  it('focus selects and scrolls to the element', () => {
    const f = fakes();
    const svc = create(f);
    expect(svc.focus('Task_1')).toBe(true);
    expect(f.selected).toEqual([{ id: 'Task_1' }]);
    expect(f.canvas.scrollToElement).toHaveBeenCalledOnce();
    expect(svc.focus('Nope')).toBe(false);
  });

  it('the behaviour drops the marker of an element the user changes', () => {
    const f = fakes();
    const svc = create(f);
    new ResolveProblemOnChangeBehavior(f.eventBus as never, svc);
    svc.show([
      { elementId: 'Task_1', message: 'x' },
      { elementId: 'Gateway_1', message: 'y' },
    ]);
    f.eventBus.fire('elements.changed', { elements: [{ id: 'Task_1' }] });
    expect(svc.isMarked('Task_1')).toBe(false);
    expect(svc.isMarked('Gateway_1')).toBe(true);
    expect(f.overlays.map((o) => o.element)).toEqual(['Gateway_1']);
    expect(f.fired.at(-1)).toEqual({ type: CHANGED_EVENT, data: { marked: ['Gateway_1'] } });
  });
});
