import { validateVariant } from './variant-file.js';
import { render } from '../../common/messages/message-catalogue.js';

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

describe('variant file: userList (people a process starts with, as select options)', () => {
  const en = (v: unknown) => validateVariant(v).map((p) => (typeof p === 'string' ? p : render(p, 'en')));
  test('declared roles (one or several) and a variable name pass', () => {
    expect(en({ ...base, processes: { campaign: { userList: { role: 'teacher', variable: 'participants' } } } })).toEqual([]);
    expect(en({ ...base, processes: { campaign: { userList: { role: ['teacher', 'admin'], variable: 'people' } } } })).toEqual([]);
  });

  test('an undeclared or missing role, or no variable name, is refused naming the process and the field', () => {
    expect(en({ ...base, processes: { campaign: { userList: { role: 'nobody', variable: 'participants' } } } }))
      .toEqual(['processes.campaign.userList.role: role "nobody" is not declared']);
    expect(en({ ...base, processes: { campaign: { userList: { variable: 'participants' } } } }))
      .toEqual(['processes.campaign.userList.role: role "undefined" is not declared']);
    expect(en({ ...base, processes: { campaign: { userList: { role: ['teacher'], variable: 'not a name' } } } }))
      .toEqual(['processes.campaign.userList.variable: a variable name is required']);
  });
});

describe('variant file: raisable comment', () => {
  const en = (v: unknown) => validateVariant(v).map((p) => (typeof p === 'string' ? p : render(p, 'en')));
  test('a raisable message may name the variable the raiser\'s words go into; not a name is refused', () => {
    expect(en({ ...base, processes: { p: { raisable: [{ message: 'difficulty', comment: 'difficultyText' }] } } })).toEqual([]);
    expect(en({ ...base, processes: { p: { raisable: [{ message: 'difficulty', comment: 'two words' }] } } })).toEqual(['processes.p.raisable[0].comment: a variable name is required']);
  });
});
