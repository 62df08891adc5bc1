import { evaluate } from 'feelin';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

test('x', async () => {
  expect(evaluate('a + 1', { a: 2 }).value).toBe(3);
  const m = new BpmnModdle({ zeebe });
  const r = await m.fromXML('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><process id="p"/></definitions>');
  expect(r.rootElement.rootElements[0].id).toBe('p');
});
