import { describe, expect, it } from 'vitest';
import { emptyForm, formIdProblem } from './form-schema';

describe('form schema helpers', () => {
  it('makes an empty default form', () => {
    expect(emptyForm('interview')).toMatchObject({ id: 'interview', type: 'default', components: [] });
  });
  it('checks form ids', () => {
    expect(formIdProblem('iom-plan')).toBeNull();
    expect(formIdProblem('План')).not.toBeNull();
  });
});
