/**
 * Russian for bpmn-js-bpmnlint (the issues button and overlays) and for the messages of
 * bpmnlint's `recommended` rules; the `pd` rules speak Russian already.
 */
export const lintRu: Record<string, string> = {
  '{errors} Errors, {warnings} Warnings': 'Ошибок: {errors}, предупреждений: {warnings}',
  'No Issues': 'Замечаний нет',
  'Toggle linting overlays': 'Показать или скрыть замечания проверки',
  'Issues for child elements': 'Замечания к вложенным элементам',
  'Element is missing name': 'У элемента нет названия',
  'Element is not connected': 'Элемент не соединён с процессом',
  'Element is an implicit end': 'Неявный конец: добавьте конечное событие',
  'Element is an implicit start': 'Неявное начало: добавьте начальное событие',
  'Element is missing bpmndi': 'У элемента нет изображения на схеме (bpmndi)',
  'Element is outside of parent boundary': 'Элемент за границей родителя',
  'Element is unused': 'Элемент не используется',
  'Element name is not unique': 'Название элемента не уникально',
  'Element overlaps with other element': 'Элемент перекрывает другой',
  'Flow splits implicitly': 'Неявное ветвление: используйте шлюз',
  'Gateway forks and joins': 'Шлюз одновременно сливает и разветвляет потоки',
  'Gateway is superfluous. It only has one source and target.': 'Лишний шлюз: у него один вход и один выход',
  'Incoming flows do not join': 'Входящие потоки не сливаются (нужен шлюз)',
  'Duplicate incoming sequence flows': 'Повторяющиеся входящие потоки',
  'Duplicate outgoing sequence flows': 'Повторяющиеся исходящие потоки',
  'SequenceFlow is a duplicate': 'Поток повторяется',
  'Termination is superfluous.': 'Лишнее завершающее событие',
  'Link event is missing link name': 'У события-ссылки нет имени ссылки',
  'Process is missing end event': 'В процессе нет конечного события',
  'Process is missing start event': 'В процессе нет начального события',
  'Process has multiple blank start events': 'В процессе несколько пустых начальных событий',
  'Sub process is missing end event': 'В подпроцессе нет конечного события',
  'Sub process is missing start event': 'В подпроцессе нет начального события',
  'Sub process has multiple blank start events': 'В подпроцессе несколько пустых начальных событий',
  'An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>': 'У событийного шлюза должно быть не меньше двух исходящих потоков',
  'A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional': 'Поток из событийного шлюза не может иметь условие',
  'Element is missing label/name': 'У элемента нет названия',
  'Sequence flow is missing condition': 'У потока нет условия',
  'Sequence flow has superfluous label': 'У потока лишняя подпись',
  'Start event is missing event definition': 'У начального события не задан вид',
  'Start event must be blank': 'Начальное событие должно быть пустым',
  'Event has multiple event definitions': 'У события несколько определений',
  'Conditional event is missing a condition': 'У условного события нет условия',
  'A <Start Event> is not allowed in <Ad Hoc Sub Process>': 'Начальное событие недопустимо в произвольном подпроцессе',
  'An <End Event> is not allowed in <Ad Hoc Sub Process>': 'Конечное событие недопустимо в произвольном подпроцессе',
};

/** bpmnlint messages built from parts (element types, link names) → Russian. */
const LINT_PATTERNS: [RegExp, (...groups: string[]) => string][] = [
  [/^Element type <(.+)> is discouraged$/, (type) => `Элементы вида «${type}» лучше не использовать`],
  [/^Duplicate link catch event with link name <(.*)> in scope$/, (name) => `Два события-ссылки с именем «${name}» в одной области`],
  [/^Link (catch|throw) event with link name <(.*)> missing in scope$/, (kind, name) =>
    `Нет ${kind === 'catch' ? 'принимающего' : 'отправляющего'} события-ссылки с именем «${name}» в этой области`],
  [/^(.+) is missing (start|end) event$/, (what, which) => `${what === 'Process' ? 'В процессе' : 'В подпроцессе'} нет ${which === 'start' ? 'начального' : 'конечного'} события`],
  [/^(.+) has multiple blank start events$/, (what) => `${what === 'Process' ? 'В процессе' : 'В подпроцессе'} несколько пустых начальных событий`],
];

/** A bpmnlint message in Russian: from the dictionary, else from a pattern, else as it is. */
export function lintMessageRu(message: string): string {
  const direct = lintRu[message];
  if (direct) return direct;
  for (const [re, make] of LINT_PATTERNS) {
    const m = re.exec(message);
    if (m) return make(...m.slice(1));
  }
  return message;
}
