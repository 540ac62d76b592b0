import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runRegister } from '../../runner/cli/register-command';

/** `gridshare register`: the messy register and its truth as CSV files, the same bytes for the same options. */
describe('gridshare register', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-register-'));
    dirs.push(dir);
    return dir;
  };
  let errors: jest.SpyInstance;
  beforeEach(() => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\r\n').filter(Boolean);

  it('writes the register and the truth, one line per row after the header, the same bytes twice', () => {
    const [a, b] = [tempDir(), tempDir()];
    expect(runRegister({ seedScale: 'tiny', seed: 3 }, { out: a, rows: '200' })).toBe(0);
    expect(runRegister({ seedScale: 'tiny', seed: 3 }, { out: b, rows: '200' })).toBe(0);
    for (const file of ['register.csv', 'truth.csv']) expect(fs.readFileSync(path.join(a, file))).toEqual(fs.readFileSync(path.join(b, file)));
    const register = lines(path.join(a, 'register.csv'));
    const truth = lines(path.join(a, 'truth.csv'));
    expect(register[0]).toBe('序号,姓名,性别,公民身份号码,出生日期,联系电话,现住址,服务处所,服务处所统一社会信用代码');
    expect(truth[0]).toMatch(/^row,kind,personId,duplicateOf,addressCode/);
    expect({ register: register.length, truth: truth.length }).toEqual({ register: 201, truth: 201 });
    expect(truth.slice(1).map((line) => line.split(',')[0])).toEqual(Array.from({ length: 200 }, (_, i) => String(i + 1)));
  });

  it('writes the business register (legal-entities) and its truth, the same bytes twice', () => {
    const [a, b] = [tempDir(), tempDir()];
    expect(runRegister({ seedScale: 'tiny', seed: 3 }, { register: 'legal-entities', out: a, rows: '40' })).toBe(0);
    expect(runRegister({ seedScale: 'tiny', seed: 3 }, { register: 'legal-entities', out: b, rows: '40' })).toBe(0);
    for (const file of ['register.csv', 'truth.csv']) expect(fs.readFileSync(path.join(a, file))).toEqual(fs.readFileSync(path.join(b, file)));
    const register = lines(path.join(a, 'register.csv'));
    const truth = lines(path.join(a, 'truth.csv'));
    expect(register[0]).toBe('序号,统一社会信用代码,名称,经营场所,成立日期,登记状态,行业');
    expect(truth[0]).toBe('row,kind,uscc,addressCode,addressMatchable,addressForms,creditCodeDefect');
    expect({ register: register.length, truth: truth.length }).toEqual({ register: 41, truth: 41 });
    expect(truth.slice(1).every((line) => /^\d+,(ENTITY|DUPLICATE|UNKNOWN_ENTITY),/.test(line))).toBe(true);
  });

  it.each([
    ['a register it does not know', { register: 'rentals', out: 'x' }, /no register "rentals" \(persons, legal-entities\)/],
    ['no --out', { rows: '10' }, /--out <dir> is required/],
    ['rows that are no number', { out: 'x', rows: 'ten' }, /--rows must be a whole number from 1, got "ten"/],
    ['more rows than the city has people', { out: 'x', rows: '5000' }, /the tiny city has 600 persons; ask for fewer rows/],
  ])('refuses %s, writing nothing', (_, options, message) => {
    const out = tempDir();
    const given = 'out' in options ? { ...options, out: path.join(out, 'register') } : options;
    expect(runRegister({ seedScale: 'tiny', seed: 3 }, given)).toBe(2);
    expect(errors.mock.calls.flat().join(' ')).toMatch(message);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
