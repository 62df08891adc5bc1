import type { MessageTable } from './message.types.js';

/** Messages of the designer's drafts and of the sandbox where a draft is tried out. */
export const draftsMessages = {
  'draft.notFound': { ru: 'Черновик «{name}» не найден', en: 'draft "{name}" not found' },
  'draft.badName': {
    ru: '«{name}» не годится как имя файла черновика: буквы, цифры, пробелы, «.», «_», «-» и «/» для папок, до 200 знаков, без «..» и «//»',
    en: '"{name}" is not a usable file name',
  },
  'draft.unknownKind': {
    ru: 'Непонятно, что за файл «{name}»: назовите его "*.bpmn", "*.form" или "variant.json", либо укажите вид ("kind")',
    en: 'the kind of "{name}" is unknown: name it *.bpmn, *.form or variant.json, or send "kind"',
  },
  'draft.kindMismatch': { ru: '«{name}» — файл вида «{implied}», а указан вид «{kind}»', en: '"{name}" is a {implied} file, not a {kind}' },
  'draft.notBpmn': { ru: 'Черновик «{name}» — не схема процесса (нужен файл "*.bpmn")', en: 'draft "{name}" is not a BPMN diagram' },
  'sandbox.noSuperadmin': {
    ru: 'На сервере нет суперадминистратора, от имени которого создаётся песочница',
    en: 'the server has no superadmin to create the sandbox with',
  },
  'sandbox.tenantNotFound': { ru: 'Арендатор {id} не найден', en: 'tenant not found' },
  'sandbox.ofSandbox': { ru: 'У песочницы не бывает своей песочницы: откройте конструктор в основном арендаторе', en: 'a sandbox has no sandbox of its own' },
  'sandbox.noVariant': {
    ru: 'У арендатора ещё нет варианта регламента: сначала разверните "variant.json"',
    en: 'the tenant has no variant file yet: deploy variant.json first',
  },
  'sandbox.noExecutableProcess': {
    ru: 'В черновике нет исполняемого процесса: запускать нечего (проверьте, что процесс не помечен isExecutable="false")',
    en: 'the draft has no executable process to run',
  },
  'sandbox.missing': {
    ru: 'Песочница ещё не создана или была удалена: запустите черновик',
    en: 'the sandbox has not been created yet or was removed: run the draft',
  },
  'sandbox.runNotFound': { ru: 'Прогон {id} в песочнице не найден', en: 'sandbox run {id} not found' },
  'sandbox.taskNotOpen': { ru: 'Задача {id} не открыта в этом прогоне', en: 'task {id} is not open in this run' },
  'sandbox.noActor': {
    ru: 'В песочнице нет тестового пользователя с ролью этой задачи',
    en: 'no test user holds the role of this task in the sandbox',
  },
} satisfies MessageTable;
