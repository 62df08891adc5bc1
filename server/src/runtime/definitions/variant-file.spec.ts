import { validateVariant } from './variant-file.js';

const base = {
  key: 'demo',
  name: 'Вариант',
  levels: ['region', 'school'],
  roles: [{ key: 'teacher', name: 'Педагог', level: 'school' }],
};

describe('variant file: level names', () => {
  test('a variant may name its levels', () => {
    expect(validateVariant({ ...base, levelNames: { region: 'Край', school: 'Школа' } })).toEqual([]);
    expect(validateVariant(base)).toEqual([]);
  });

  test('a name of a level the variant does not declare, an empty or a non-text name, or a list is refused, naming it', () => {
    expect(validateVariant({ ...base, levelNames: { district: 'Район' } })).toEqual(['levelNames: "district" is not one of "levels"']);
    expect(validateVariant({ ...base, levelNames: { school: ' ' } })).toEqual(['levelNames.school: a name of 1 to 100 characters']);
    expect(validateVariant({ ...base, levelNames: { school: 7 } })).toEqual(['levelNames.school: a name of 1 to 100 characters']);
    expect(validateVariant({ ...base, levelNames: ['Край'] })).toEqual(['"levelNames" must be an object: level → name']);
  });
});
