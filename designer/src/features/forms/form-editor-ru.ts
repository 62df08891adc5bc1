/**
 * Russian for the form-js editor. The viewer's fields translate through the `translate` service
 * (the inbox's dictionary, `formJsRu`); the editor's palette and properties panel are plain
 * English text, so they get our dictionary here, applied by `localizeEditorDom`.
 */

/** Russian names of the field types (palette entries, the properties panel's header). */
export const fieldNamesRu: Record<string, string> = {
  textfield: 'Текстовое поле',
  textarea: 'Многострочный текст',
  number: 'Число',
  datetime: 'Дата и время',
  checkbox: 'Флажок',
  checklist: 'Группа флажков',
  radio: 'Радиокнопки',
  select: 'Выпадающий список',
  taglist: 'Список меток',
  text: 'Текст',
  spacer: 'Отступ',
  separator: 'Разделитель',
  group: 'Группа',
  dynamiclist: 'Повторяющиеся строки',
  html: 'HTML',
  image: 'Изображение',
  table: 'Таблица',
  iframe: 'Встроенная страница',
  expression: 'Выражение',
  filepicker: 'Выбор файла',
  button: 'Кнопка',
  documentPreview: 'Просмотр документа',
};

/**
 * The field types the palette offers: those the server validates on completion
 * (server/src/runtime/forms/form-validator.ts) and text-only presentation. The others (file
 * picker, expression, buttons, embedded pages, document preview, HTML, images, tables) submit
 * what the server cannot check or show what the inbox cannot vouch for, so they are not offered.
 */
export const OFFERED_FIELD_TYPES = [
  'textfield', 'textarea', 'number', 'datetime', 'checkbox', 'checklist', 'radio', 'select', 'taglist',
  'group', 'dynamiclist', 'text', 'spacer', 'separator',
] as const;

/** English text of the editor's palette and properties panel → Russian. */
export const formEditorRu: Record<string, string> = {
  // palette
  Components: 'Элементы',
  'Search components': 'Поиск элементов',
  'Clear content': 'Очистить',
  'No components found.': 'Ничего не найдено.',
  Input: 'Ввод',
  Selection: 'Выбор',
  Presentation: 'Оформление',
  Containers: 'Контейнеры',
  Action: 'Действие',
  // empty canvas
  'Build your form': 'Соберите форму',
  'Drag and drop components here to start designing.': 'Перетащите сюда элементы из палитры слева.',
  'Drag and drop components here.': 'Перетащите сюда элементы.',
  'Use the preview window to test your form.': 'Проверьте форму в предпросмотре.',
  // properties panel: header and groups
  'Select a form field to edit its properties.': 'Выберите поле формы, чтобы изменить его свойства.',
  Form: 'Форма',
  FORM: 'ФОРМА',
  General: 'Общие',
  Condition: 'Условие показа',
  Validation: 'Проверка',
  Appearance: 'Вид',
  Layout: 'Расположение',
  Serialization: 'Формат значения',
  Constraints: 'Ограничения',
  Options: 'Варианты',
  'Options source': 'Источник вариантов',
  'Static options': 'Постоянные варианты',
  'Dynamic options': 'Варианты из переменной',
  'Options expression': 'Варианты из выражения',
  'Custom properties': 'Дополнительные свойства',
  'Form submission': 'Отправка формы',
  'Header items': 'Столбцы',
  'Headers source': 'Источник столбцов',
  'Data source': 'Источник данных',
  Pagination: 'Постраничный вывод',
  'Security attributes': 'Безопасность',
  // properties panel: entries
  ID: 'Идентификатор',
  Key: 'Ключ (имя переменной)',
  Path: 'Путь',
  Label: 'Подпись',
  'Field label': 'Подпись поля',
  'Group label': 'Подпись группы',
  'Field description': 'Пояснение',
  Description: 'Пояснение',
  'Default value': 'Значение по умолчанию',
  Disabled: 'Недоступно',
  'Read only': 'Только чтение',
  Required: 'Обязательное',
  Minimum: 'Минимум',
  Maximum: 'Максимум',
  'Minimum length': 'Минимальная длина',
  'Maximum length': 'Максимальная длина',
  'Validation pattern': 'Шаблон проверки',
  'Custom regular expression': 'Своё регулярное выражение',
  'Custom error message': 'Своё сообщение об ошибке',
  Custom: 'Своё',
  Email: 'Электронная почта',
  Phone: 'Телефон',
  'Hide if': 'Скрыть, если',
  Text: 'Текст',
  Content: 'Содержимое',
  Value: 'Значение',
  Columns: 'Ширина (колонки)',
  Auto: 'Авто',
  Subtype: 'Вид',
  Date: 'Дата',
  Time: 'Время',
  'Date & time': 'Дата и время',
  'Date & Time': 'Дата и время',
  'Condition under which the field is hidden': 'Условие FEEL: когда оно истинно, поле скрыто (и не проверяется)',
  'Date label': 'Подпись даты',
  'Time label': 'Подпись времени',
  'Time format': 'Формат времени',
  'Time interval': 'Шаг времени',
  'Use 24h': '24-часовой формат',
  'Disallow past dates': 'Запретить прошедшие даты',
  'Decimal digits': 'Знаков после запятой',
  Increment: 'Шаг',
  'Output as string': 'Передавать как строку',
  'Allows arbitrary precision values': 'Допускает значения произвольной точности',
  Prefix: 'Префикс',
  Suffix: 'Суффикс',
  Searchable: 'С поиском',
  Checked: 'Отмечен',
  'Not checked': 'Не отмечен',
  '<none>': '<нет>',
  'Input values key': 'Переменная со списком вариантов',
  'Define which input property to populate the values from': 'Из какой переменной брать варианты',
  'Define an expression to populate the options from.': 'Выражение FEEL, дающее список вариантов.',
  'Binds to a form variable': 'Связывает поле с переменной процесса',
  'Where the child variables of this component are pathed to.': 'Куда складываются переменные вложенных полей.',
  'Repeatable': 'Повторяемая',
  'Allow add/delete items': 'Можно добавлять и удалять строки',
  'Default number of items': 'Строк по умолчанию',
  'Disable collapse': 'Не сворачивать',
  'Number of non-collapsing items': 'Сколько строк не сворачивать',
  'Show outline': 'Показывать рамку',
  'Vertical alignment': 'Выравнивание по вертикали',
  Top: 'Сверху',
  Center: 'По центру',
  Bottom: 'Снизу',
  Height: 'Высота',
  'Height of the container in pixels.': 'Высота в пикселях.',
  'Version tag': 'Метка версии',
  'Version tag by which this form can be referenced.': 'Метка, по которой можно сослаться на эту версию формы.',
  'Learn more': 'Подробнее',
  'Add new': 'Добавить',
  'Toggle section': 'Свернуть или развернуть раздел',
  'Section contains an error': 'В разделе есть ошибка',
  'Section contains edits': 'Раздел изменён',
  'Toggle list item': 'Свернуть или развернуть',
  'Delete item': 'Удалить',
  'Create entry': 'Добавить',
  'Open documentation': 'Открыть документацию',
  '<empty>': '<пусто>',
  'Compute on': 'Вычислять',
  Expression: 'Выражение',
  Type: 'Тип',
  Name: 'Имя',
  'List of items': 'Список',
  'Number of rows per page': 'Строк на странице',
  'Remove': 'Удалить',
  'Add properties directly to the form schema, useful to configure functionality in custom-built task applications and form renderers.':
    'Свойства записываются прямо в схему формы; их читают только особые приложения и отрисовщики форм.',
  'Click to set a dynamic value with FEEL expression': 'Задать значение выражением FEEL',
  'Open pop-up editor': 'Открыть редактор в отдельном окне',
  'FEEL expression is mandatory': 'Здесь нужно выражение FEEL',
  'Create new list item': 'Добавить элемент списка',
  Static: 'Постоянные',
  'Input data': 'Из переменной',
  'Supports markdown and templating.': 'Поддерживает Markdown и шаблоны.',
  'Delete': 'Удалить',
};

/** `Create a Text field element` (palette entry titles) → `Добавить: Текстовое поле`. */
const CREATE_TITLE = /^Create an? (.+) element$/;
/** `List contains 2 items` (aria labels of the options lists). */
const LIST_COUNT = /^List contains (\d+) items?$/;

function translated(text: string, dictionary: Record<string, string>): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const direct = dictionary[trimmed];
  if (direct) return text.replace(trimmed, direct);
  const create = CREATE_TITLE.exec(trimmed);
  if (create) return `Добавить: ${create[1]}`;
  const count = LIST_COUNT.exec(trimmed);
  if (count) return `Элементов в списке: ${count[1]}`;
  return null;
}

// the canvas shows the form itself: what the administrator typed there is never "translated"
const SKIP = '.fjs-form-field, .fjs-form, .cm-editor, input, textarea';

/**
 * Puts the editor's English texts (text nodes, placeholders, titles, aria labels) into Russian,
 * now and whenever the editor re-renders; returns the function that stops it.
 */
export function localizeEditorDom(root: HTMLElement, dictionary = formEditorRu): () => void {
  const apply = (node: Node) => {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n: Node | null = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const parent = n.parentElement;
        if (!parent || parent.closest(SKIP)) continue;
        const t = translated(n.nodeValue ?? '', dictionary);
        if (t !== null && t !== n.nodeValue) n.nodeValue = t;
      } else if (n instanceof HTMLElement) {
        for (const attr of ['placeholder', 'title', 'aria-label']) {
          const v = n.getAttribute(attr);
          if (!v) continue;
          // inputs of the properties panel keep their values, but their placeholders are ours
          if (n.closest('.fjs-form-field')) continue;
          const t = translated(v, dictionary);
          if (t !== null && t !== v) n.setAttribute(attr, t);
        }
      }
    }
  };
  apply(root);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') apply(r.target);
      else if (r.type === 'attributes') apply(r.target);
      else r.addedNodes.forEach((n) => apply(n));
    }
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['placeholder', 'title', 'aria-label'] });
  return () => observer.disconnect();
}
